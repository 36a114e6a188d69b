package dev.airlock.webhook.verify.cosign;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory {@link RegistryClient} test double: tags, manifests, blobs, referrers. */
final class FakeRegistry implements RegistryClient {
  private final Map<String, Descriptor> tags = new HashMap<>();
  private final Map<Digest, Manifest> manifests = new HashMap<>();
  private final Map<Digest, byte[]> blobs = new HashMap<>();
  private final Map<Digest, List<Descriptor>> referrers = new HashMap<>();
  private RegistryException failure;
  private RegistryException referrersFailure;
  final List<String> calls = new ArrayList<>();

  /** Every later referrers call throws {@code e}. */
  void failReferrersWith(RegistryException e) {
    this.referrersFailure = e;
  }

  /** Every later call throws {@code e}. */
  void failWith(RegistryException e) {
    this.failure = e;
  }

  Digest putBlob(byte[] content) {
    Digest digest = Digest.sha256(content);
    blobs.put(digest, content);
    return digest;
  }

  void removeBlob(Digest digest) {
    blobs.remove(digest);
  }

  /** Stores an image manifest with {@code layers} and returns its descriptor. */
  Descriptor putManifest(
      List<Descriptor> layers, Optional<Descriptor> subject, Optional<String> artifactType) {
    String json =
        "{\"schemaVersion\":2,\"layers\":"
            + layers.size()
            + ",\"n\":"
            + manifests.size()
            + ",\"subject\":\""
            + subject.map(d -> d.digest().toString()).orElse("")
            + "\"}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Descriptor descriptor =
        new Descriptor(
            MediaTypes.OCI_MANIFEST,
            Digest.sha256(bytes),
            bytes.length,
            artifactType,
            Map.of(),
            Optional.empty());
    manifests.put(
        descriptor.digest(),
        new Manifest(descriptor, bytes, Optional.empty(), layers, List.of(), subject, Map.of()));
    return descriptor;
  }

  /** Stores an index over {@code children}. */
  Descriptor putIndex(List<Descriptor> children) {
    byte[] bytes =
        ("{\"schemaVersion\":2,\"manifests\":"
                + children.size()
                + ",\"n\":"
                + manifests.size()
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    Descriptor descriptor = Descriptor.of(MediaTypes.OCI_INDEX, Digest.sha256(bytes), bytes.length);
    manifests.put(
        descriptor.digest(),
        new Manifest(
            descriptor, bytes, Optional.empty(), List.of(), children, Optional.empty(), Map.of()));
    return descriptor;
  }

  void tag(String tag, Descriptor descriptor) {
    tags.put(tag, descriptor);
  }

  void addReferrer(Digest subject, Descriptor referrer) {
    referrers.computeIfAbsent(subject, d -> new ArrayList<>()).add(referrer);
  }

  private void maybeFail() throws RegistryException {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public Optional<Descriptor> resolve(MirrorRoute route, String reference, Deadline deadline)
      throws RegistryException {
    calls.add("resolve " + reference);
    maybeFail();
    return Optional.ofNullable(tags.get(reference));
  }

  @Override
  public Optional<Manifest> manifest(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    calls.add("manifest " + digest);
    maybeFail();
    return Optional.ofNullable(manifests.get(digest));
  }

  @Override
  public Optional<byte[]> blob(MirrorRoute route, Digest digest, long maxBytes, Deadline deadline)
      throws RegistryException {
    calls.add("blob " + digest);
    maybeFail();
    byte[] content = blobs.get(digest);
    if (content != null && content.length > maxBytes) {
      throw new RegistryException(RegistryException.Kind.MALFORMED, null, "blob too large");
    }
    return Optional.ofNullable(content);
  }

  @Override
  public boolean blobExists(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    maybeFail();
    return blobs.containsKey(digest);
  }

  @Override
  public List<Descriptor> referrers(
      MirrorRoute route, Digest subject, Optional<String> artifactType, Deadline deadline)
      throws RegistryException {
    calls.add("referrers " + subject);
    maybeFail();
    if (referrersFailure != null) {
      throw referrersFailure;
    }
    return referrers.getOrDefault(subject, List.of()).stream()
        .filter(d -> artifactType.isEmpty() || d.artifactType().equals(artifactType))
        .toList();
  }
}
