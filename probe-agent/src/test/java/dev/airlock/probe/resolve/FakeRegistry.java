package dev.airlock.probe.resolve;

import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory registry behind the {@link RegistryClient} interface, for unit tests of the logic
 * above the client (the HTTP client itself is tested against docker-registry in the ITs). Content
 * is keyed by the repository requested at the mirror.
 */
public final class FakeRegistry implements RegistryClient {
  private final Map<String, Descriptor> tags = new HashMap<>();
  private final Map<Digest, Manifest> manifests = new HashMap<>();
  private final Map<Digest, byte[]> blobs = new HashMap<>();
  private final Set<String> broken = new HashSet<>();

  /** A hosts dir routing docker.io and quay.io to {@code registry.internal} (no CA needed). */
  public static MirrorMap mirrorMap(Path dir) throws Exception {
    for (String upstream : List.of("docker.io", "quay.io")) {
      Path file = dir.resolve(upstream).resolve("hosts.toml");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "server = \"https://registry.internal\"\n"
              + "[host.\"https://registry.internal\"]\n"
              + "  capabilities = [\"pull\", \"resolve\"]\n");
    }
    return MirrorMap.load(dir);
  }

  public Digest blob(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(bytes);
    blobs.put(digest, bytes);
    return digest;
  }

  public void deleteBlob(Digest digest) {
    blobs.remove(digest);
  }

  /** An image manifest with a config naming {@code platform} and one layer. */
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
      tags.put(repository + ":" + tag, manifest.descriptor());
    }
    return manifest;
  }

  /** An index of {@code children} (platform from each child's config). */
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
    tags.put(repository + ":" + tag, index.descriptor());
    return index;
  }

  public void deleteManifest(Digest digest) {
    manifests.remove(digest);
  }

  /** Every call for {@code repository} fails with a transport error. */
  public void breakRepository(String repository) {
    broken.add(repository);
  }

  private String repository(MirrorRoute route) throws RegistryException {
    String repository = route.endpoints().get(0).repository();
    if (broken.contains(repository)) {
      throw new RegistryException(
          RegistryException.Kind.TRANSPORT,
          URI.create("https://registry.internal/v2/"),
          "registry.internal: connection refused");
    }
    return repository;
  }

  @Override
  public Optional<Descriptor> resolve(MirrorRoute route, String reference, Deadline deadline)
      throws RegistryException {
    String repository = repository(route);
    if (reference.contains(":")) {
      try {
        Manifest m = manifests.get(Digest.parse(reference));
        return Optional.ofNullable(m).map(Manifest::descriptor);
      } catch (dev.airlock.oci.ref.InvalidReferenceException e) {
        throw new IllegalArgumentException(e);
      }
    }
    return Optional.ofNullable(tags.get(repository + ":" + reference))
        .filter(d -> manifests.containsKey(d.digest()));
  }

  @Override
  public Optional<Manifest> manifest(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    repository(route);
    return Optional.ofNullable(manifests.get(digest));
  }

  @Override
  public Optional<byte[]> blob(MirrorRoute route, Digest digest, long maxBytes, Deadline deadline)
      throws RegistryException {
    repository(route);
    return Optional.ofNullable(blobs.get(digest));
  }

  @Override
  public boolean blobExists(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    repository(route);
    return blobs.containsKey(digest);
  }

  @Override
  public List<Descriptor> referrers(
      MirrorRoute route, Digest subject, Optional<String> artifactType, Deadline deadline) {
    return List.of();
  }
}
