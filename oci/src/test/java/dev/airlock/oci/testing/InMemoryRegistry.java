package dev.airlock.oci.testing;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one in-memory registry behind the {@link RegistryClient} interface, for unit tests of the
 * logic above the HTTP client (signature verification, the probe's resolution, inventory and
 * preflight). Blobs and manifests are kept by digest, tags by the repository of the route's first
 * endpoint (none for a route without endpoints) and tag; faults can be set for every call, for
 * referrers, or for one repository. Integration tests use the real registry ({@link
 * RegistryServer}) instead.
 */
public final class InMemoryRegistry implements RegistryClient {
  private final Map<String, Descriptor> tags = new ConcurrentHashMap<>();
  private final Map<Digest, Manifest> manifests = new ConcurrentHashMap<>();
  private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<Digest, List<Descriptor>> referrers = new ConcurrentHashMap<>();
  private final Set<String> broken = Collections.synchronizedSet(new HashSet<>());
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, RegistryException> failingSuffixes = new ConcurrentHashMap<>();
  private volatile RegistryException failure;
  private volatile RegistryException referrersFailure;

  // --- content -------------------------------------------------------------------------------

  public Digest putBlob(byte[] content) {
    Digest digest = Digest.sha256(content);
    blobs.put(digest, content);
    return digest;
  }

  /** A blob of {@code content} in UTF-8. */
  public Digest blob(String content) {
    return putBlob(content.getBytes(StandardCharsets.UTF_8));
  }

  public void deleteBlob(Digest digest) {
    blobs.remove(digest);
  }

  /** Stores an image manifest with {@code layers} (and a subject, for referrers). */
  public Descriptor putManifest(
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
  public Descriptor putIndex(List<Descriptor> children) {
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

  /**
   * An image manifest with a config naming {@code platform} ({@code os/arch}) and one layer, tagged
   * {@code repository:tag} (untagged when {@code tag} is null).
   */
  public Manifest image(String repository, String tag, String platform, String layerContent) {
    String[] p = platform.split("/");
    Digest config =
        blob("{\"os\":\"" + p[0] + "\",\"architecture\":\"" + p[1] + "\",\"rootfs\":{}}");
    Digest layer = blob(layerContent);
    byte[] bytes = (repository + platform + layerContent).getBytes(StandardCharsets.UTF_8);
    Manifest manifest =
        new Manifest(
            Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(bytes), bytes.length),
            bytes,
            Optional.of(Descriptor.of("application/vnd.oci.image.config.v1+json", config, 10)),
            List.of(Descriptor.of("application/vnd.oci.image.layer.v1.tar+gzip", layer, 10)),
            List.of(),
            Optional.empty(),
            Map.of());
    manifests.put(manifest.descriptor().digest(), manifest);
    if (tag != null) {
      tag(repository, tag, manifest.descriptor());
    }
    return manifest;
  }

  /** An index of {@code children} by platform, tagged {@code repository:tag}. */
  public Manifest index(String repository, String tag, Map<String, Manifest> children) {
    byte[] bytes = (repository + tag + children.keySet()).getBytes(StandardCharsets.UTF_8);
    List<Descriptor> descriptors =
        children.entrySet().stream()
            .map(
                e ->
                    new Descriptor(
                        MediaTypes.OCI_MANIFEST,
                        e.getValue().descriptor().digest(),
                        e.getValue().bytes().length,
                        Optional.empty(),
                        Map.of(),
                        Optional.of(e.getKey())))
            .toList();
    Manifest index =
        new Manifest(
            Descriptor.of(MediaTypes.OCI_INDEX, Digest.sha256(bytes), bytes.length),
            bytes,
            Optional.empty(),
            List.of(),
            descriptors,
            Optional.empty(),
            Map.of());
    manifests.put(index.descriptor().digest(), index);
    tag(repository, tag, index.descriptor());
    return index;
  }

  public void deleteManifest(Digest digest) {
    manifests.remove(digest);
  }

  /** Tags {@code descriptor} as {@code repository:tag}. */
  public void tag(String repository, String tag, Descriptor descriptor) {
    tags.put(repository + ":" + tag, descriptor);
  }

  /** Tags {@code descriptor} for routes without endpoints (the verifier's unit tests). */
  public void tag(String tag, Descriptor descriptor) {
    tag("", tag, descriptor);
  }

  public void addReferrer(Digest subject, Descriptor referrer) {
    referrers
        .computeIfAbsent(subject, d -> Collections.synchronizedList(new ArrayList<>()))
        .add(referrer);
  }

  // --- faults and what was asked ----------------------------------------------------------------

  /** Every later call throws {@code e}. */
  public void failWith(RegistryException e) {
    this.failure = e;
  }

  /** Every later referrers call throws {@code e}. */
  public void failReferrersWith(RegistryException e) {
    this.referrersFailure = e;
  }

  /** Every call for {@code repository} fails with a transport error. */
  public void breakRepository(String repository) {
    broken.add(repository);
  }

  /** The calls so far ({@code resolve <ref>}, {@code manifest <digest>}, …), in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** Forgets the calls so far. */
  public void clearCalls() {
    calls.clear();
  }

  /**
   * Every call whose description ({@link #calls()}) ends with {@code suffix} fails with {@code e}.
   */
  public void failCallsEndingWith(String suffix, RegistryException e) {
    failingSuffixes.put(suffix, e);
  }

  private String enter(String call, MirrorRoute route) throws RegistryException {
    calls.add(call);
    RegistryException fail = failure;
    if (fail != null) {
      throw fail;
    }
    for (Map.Entry<String, RegistryException> failing : failingSuffixes.entrySet()) {
      if (call.endsWith(failing.getKey())) {
        throw failing.getValue();
      }
    }
    String repository = route.endpoints().isEmpty() ? "" : route.endpoints().get(0).repository();
    if (broken.contains(repository)) {
      throw new RegistryException(
          RegistryException.Kind.TRANSPORT,
          URI.create("https://registry.internal/v2/"),
          "registry.internal: connection refused");
    }
    return repository;
  }

  // --- RegistryClient ------------------------------------------------------------------------

  @Override
  public Optional<Descriptor> resolve(MirrorRoute route, String reference, Deadline deadline)
      throws RegistryException {
    String repository = enter("resolve " + reference, route);
    if (reference.startsWith("sha256:")) {
      try {
        return Optional.ofNullable(manifests.get(Digest.parse(reference)))
            .map(Manifest::descriptor);
      } catch (InvalidReferenceException e) {
        throw new IllegalArgumentException(e);
      }
    }
    return Optional.ofNullable(tags.get(repository + ":" + reference))
        .filter(d -> manifests.containsKey(d.digest()));
  }

  @Override
  public Optional<Manifest> manifest(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    enter("manifest " + digest, route);
    return Optional.ofNullable(manifests.get(digest));
  }

  @Override
  public Optional<byte[]> blob(MirrorRoute route, Digest digest, long maxBytes, Deadline deadline)
      throws RegistryException {
    enter("blob " + digest, route);
    byte[] content = blobs.get(digest);
    if (content != null && content.length > maxBytes) {
      throw new RegistryException(RegistryException.Kind.MALFORMED, null, "blob too large");
    }
    return Optional.ofNullable(content);
  }

  @Override
  public boolean blobExists(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    enter("blobExists " + digest, route);
    return blobs.containsKey(digest);
  }

  @Override
  public List<Descriptor> referrers(
      MirrorRoute route, Digest subject, Optional<String> artifactType, Deadline deadline)
      throws RegistryException {
    enter("referrers " + subject, route);
    RegistryException fail = referrersFailure;
    if (fail != null) {
      throw fail;
    }
    return referrers.getOrDefault(subject, List.of()).stream()
        .filter(d -> artifactType.isEmpty() || d.artifactType().equals(artifactType))
        .toList();
  }
}
