package dev.airlock.webhook.registry;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.webhook.metrics.WebhookMetrics;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.Optional;

/**
 * The webhook's {@link RegistryClient}, metered. TEMPORARY: until the {@code oci}
 * HttpRegistryClient lands, the client refuses every call, so every covered image is denied
 * (fail-closed), never admitted unchecked.
 */
public class RegistryClientProducer {

  @Produces
  @DefaultBean
  @ApplicationScoped
  RegistryClient registryClient(WebhookMetrics metrics) {
    return new MeteredRegistryClient(new Unavailable(), metrics);
  }

  private static final class Unavailable implements RegistryClient {
    private static RegistryException refused() {
      return new RegistryException(
          RegistryException.Kind.TRANSPORT, null, "no registry client configured");
    }

    @Override
    public Optional<Descriptor> resolve(MirrorRoute route, String reference, Deadline deadline)
        throws RegistryException {
      throw refused();
    }

    @Override
    public Optional<Manifest> manifest(MirrorRoute route, Digest digest, Deadline deadline)
        throws RegistryException {
      throw refused();
    }

    @Override
    public Optional<byte[]> blob(MirrorRoute route, Digest digest, long maxBytes, Deadline deadline)
        throws RegistryException {
      throw refused();
    }

    @Override
    public boolean blobExists(MirrorRoute route, Digest digest, Deadline deadline)
        throws RegistryException {
      throw refused();
    }

    @Override
    public List<Descriptor> referrers(
        MirrorRoute route, Digest subject, Optional<String> artifactType, Deadline deadline)
        throws RegistryException {
      throw refused();
    }
  }
}
