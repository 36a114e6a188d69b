package dev.airlock.probe.serve;

import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.registry.auth.Credentials;
import dev.airlock.oci.registry.auth.CredentialsFileException;
import dev.airlock.oci.registry.auth.DockerConfigCredentials;
import dev.airlock.oci.registry.http.HttpRegistryClient;
import dev.airlock.probe.config.MirrorConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The registry client of the probes: the oci HTTP client with the webhook's defaults. */
@Singleton
public class RegistryClientProducer {
  private static final Logger LOG = Logger.getLogger(RegistryClientProducer.class);

  @Produces
  @Singleton
  RegistryClient registryClient(MirrorConfig config) {
    CredentialStore credentials =
        config
            .registry()
            .authFile()
            .<CredentialStore>map(FileCredentials::new)
            .orElse(CredentialStore.ANONYMOUS);
    return new HttpRegistryClient(
        RegistryClientOptions.defaults(), credentials, RegistryObserver.NONE);
  }

  /**
   * {@code airlock.registry.auth-file}, read at each lookup so a rotated Secret is followed; a
   * broken file is a log line and anonymous access (the pull then fails and is counted), never a
   * crash of the exporter.
   */
  static final class FileCredentials implements CredentialStore {
    private final Path file;

    FileCredentials(Path file) {
      this.file = file;
    }

    @Override
    public Optional<Credentials> lookup(String authority) {
      try {
        return DockerConfigCredentials.load(file).lookup(authority);
      } catch (CredentialsFileException e) {
        LOG.errorf("airlock.registry.auth-file: %s", e.getMessage());
        return Optional.empty();
      }
    }
  }
}
