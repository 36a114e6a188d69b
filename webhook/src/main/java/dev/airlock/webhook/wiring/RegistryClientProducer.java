package dev.airlock.webhook.wiring;

import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.CredentialsFileException;
import dev.airlock.oci.registry.http.RegistryClients;
import dev.airlock.webhook.config.RegistryConfig;
import dev.airlock.webhook.metrics.WebhookMetrics;
import dev.airlock.webhook.mirror.MirrorRouter;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The webhook's {@link RegistryClient}: the {@code oci} HTTP client with the credentials of {@code
 * airlock.registry.auth-file} (anonymous without one), timing every call into {@code
 * airlock_registry_request_duration_seconds{operation}}. Built at start-up by {@link
 * RegistryClients}, so a broken auth file refuses to start; a rotated one is followed (see {@code
 * AuthFileCredentials}).
 */
public class RegistryClientProducer {
  private static final Logger LOG = Logger.getLogger(RegistryClientProducer.class);

  @Produces
  @DefaultBean
  @Startup
  @ApplicationScoped
  RegistryClient registryClient(
      RegistryConfig config, WebhookMetrics metrics, MirrorRouter mirrors) {
    RegistryObserver observer =
        (operation, elapsed, outcome) -> metrics.registryTimer(operation).record(elapsed);
    Set<String> redirectHosts = new TreeSet<>(mirrors.map().authorities());
    config.redirectHosts().ifPresent(redirectHosts::addAll);
    RegistryClientOptions options =
        RegistryClientOptions.defaults()
            .withRedirectHosts(redirectHosts)
            .withMaxConcurrentPerHost(config.maxConcurrentPerHost());
    try {
      RegistryClient client = RegistryClients.open(options, config.authFile(), observer);
      LOG.info(
          config
              .authFile()
              .map(f -> "loaded registry credentials from " + f)
              .orElse("no airlock.registry.auth-file: pulling from mirrors anonymously"));
      return client;
    } catch (CredentialsFileException e) {
      throw new IllegalStateException("cannot load registry credentials: " + e.getMessage(), e);
    }
  }
}
