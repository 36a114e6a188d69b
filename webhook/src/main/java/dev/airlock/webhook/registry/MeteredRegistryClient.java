package dev.airlock.webhook.registry;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.webhook.metrics.WebhookMetrics;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Optional;

/** Times every registry verb into {@code airlock_registry_request_duration_seconds{operation}}. */
public final class MeteredRegistryClient implements RegistryClient {
  private final RegistryClient delegate;
  private final WebhookMetrics metrics;

  public MeteredRegistryClient(RegistryClient delegate, WebhookMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws RegistryException;
  }

  private <T> T timed(String operation, Call<T> call) throws RegistryException {
    Timer.Sample sample = Timer.start();
    try {
      return call.run();
    } finally {
      sample.stop(metrics.registryTimer(operation));
    }
  }

  @Override
  public Optional<Descriptor> resolve(MirrorRoute route, String reference, Deadline deadline)
      throws RegistryException {
    return timed("resolve", () -> delegate.resolve(route, reference, deadline));
  }

  @Override
  public Optional<Manifest> manifest(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    return timed("manifest", () -> delegate.manifest(route, digest, deadline));
  }

  @Override
  public Optional<byte[]> blob(MirrorRoute route, Digest digest, long maxBytes, Deadline deadline)
      throws RegistryException {
    return timed("blob", () -> delegate.blob(route, digest, maxBytes, deadline));
  }

  @Override
  public boolean blobExists(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    return timed("blob_exists", () -> delegate.blobExists(route, digest, deadline));
  }

  @Override
  public List<Descriptor> referrers(
      MirrorRoute route, Digest subject, Optional<String> artifactType, Deadline deadline)
      throws RegistryException {
    return timed("referrers", () -> delegate.referrers(route, subject, artifactType, deadline));
  }
}
