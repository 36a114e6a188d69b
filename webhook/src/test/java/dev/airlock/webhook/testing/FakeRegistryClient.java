package dev.airlock.webhook.testing;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry test double: {@code mirrorLocation:reference} → digest. Locations under {@code
 * hang.internal} never answer; under {@code broken.internal} refuse with a transport error.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FakeRegistryClient implements RegistryClient {
  private final Map<String, Digest> tags = new ConcurrentHashMap<>();
  private final AtomicInteger resolves = new AtomicInteger();
  private final CountDownLatch never = new CountDownLatch(1);
  private volatile CountDownLatch gate;

  /** Makes every resolve wait until {@code gate} opens (null: no waiting). */
  public void gate(CountDownLatch gate) {
    this.gate = gate;
  }

  /** A stable digest for a name, so tests can predict pins. */
  public static Digest digestOf(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }

  public void put(String mirrorLocation, String reference, Digest digest) {
    tags.put(mirrorLocation + ":" + reference, digest);
    tags.put(mirrorLocation + ":" + digest, digest);
  }

  public void reset() {
    tags.clear();
    resolves.set(0);
    gate = null;
  }

  public int resolves() {
    return resolves.get();
  }

  @Override
  public Optional<Descriptor> resolve(MirrorRoute route, String reference, Deadline deadline)
      throws RegistryException {
    resolves.incrementAndGet();
    String location = route.mirrorLocation();
    CountDownLatch waitFor = gate;
    if (waitFor != null) {
      try {
        waitFor.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (location.startsWith("hang.internal/")) {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new RegistryException(RegistryException.Kind.TIMEOUT, null, "interrupted");
    }
    if (location.startsWith("broken.internal/")) {
      throw new RegistryException(RegistryException.Kind.TRANSPORT, null, "connection refused");
    }
    Digest digest = tags.get(location + ":" + reference);
    return Optional.ofNullable(digest).map(d -> Descriptor.of(MediaTypes.OCI_INDEX, d, 100));
  }

  @Override
  public Optional<Manifest> manifest(MirrorRoute route, Digest digest, Deadline deadline) {
    throw new UnsupportedOperationException("not used by the webhook request path");
  }

  @Override
  public Optional<byte[]> blob(MirrorRoute route, Digest digest, long maxBytes, Deadline deadline) {
    throw new UnsupportedOperationException("not used by the webhook request path");
  }

  @Override
  public boolean blobExists(MirrorRoute route, Digest digest, Deadline deadline) {
    throw new UnsupportedOperationException("not used by the webhook request path");
  }

  @Override
  public List<Descriptor> referrers(
      MirrorRoute route, Digest subject, Optional<String> artifactType, Deadline deadline) {
    throw new UnsupportedOperationException("not used by the webhook request path");
  }
}
