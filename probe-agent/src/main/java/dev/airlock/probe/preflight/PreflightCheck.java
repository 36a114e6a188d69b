package dev.airlock.probe.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.probe.preflight.PreflightResult.Status;
import dev.airlock.probe.resolve.MirrorResolver;
import dev.airlock.probe.resolve.Resolution;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that containerd could pull an image through the mirror: the tag resolves, the manifest
 * exists, and the content of each requested platform exists (HEAD on config and layer blobs). An
 * index's children are checked only for the platforms named; a single-platform image always has its
 * blobs checked, and its config must name each requested platform.
 */
public final class PreflightCheck {
  /** Largest image config read to learn a single-platform image's platform. */
  private static final long MAX_CONFIG_BYTES = 1L << 20;

  private final MirrorResolver resolver;
  private final ObjectMapper json = new ObjectMapper();

  public PreflightCheck(MirrorResolver resolver) {
    this.resolver = resolver;
  }

  public PreflightResult check(ImageReference image, List<Platform> platforms) {
    Deadline deadline = Deadline.after(MirrorResolver.PER_IMAGE);
    Resolution resolution = resolver.resolve(image, deadline);
    Optional<String> location = resolution.route().map(MirrorRoute::mirrorLocation);
    if (resolution instanceof Resolution.Unmirrored) {
      return new PreflightResult(image, location, Optional.empty(), Status.unmirrored, none());
    }
    if (resolution instanceof Resolution.Missing missing) {
      return new PreflightResult(
          image, location, Optional.empty(), Status.missing, Optional.of(missing.what()));
    }
    if (resolution instanceof Resolution.Failed failed) {
      return new PreflightResult(
          image, location, Optional.empty(), Status.error, Optional.of(failed.cause()));
    }
    Resolution.Resolved resolved = (Resolution.Resolved) resolution;
    Digest digest = resolved.descriptor().digest();
    try {
      List<String> missing = content(resolved.mirror(), digest, platforms, deadline);
      return missing.isEmpty()
          ? new PreflightResult(image, location, Optional.of(digest), Status.ok, none())
          : new PreflightResult(
              image,
              location,
              Optional.of(digest),
              Status.missing,
              Optional.of(String.join(", ", missing)));
    } catch (RegistryException e) {
      return new PreflightResult(
          image,
          location,
          Optional.of(digest),
          Status.error,
          Optional.of(MirrorResolver.describe(e)));
    }
  }

  /** What is missing under the manifest {@code digest}, in check order; empty when complete. */
  private List<String> content(
      MirrorRoute route, Digest digest, List<Platform> platforms, Deadline deadline)
      throws RegistryException {
    RegistryClient client = resolver.client();
    Optional<Manifest> top = client.manifest(route, digest, deadline);
    if (top.isEmpty()) {
      return List.of("manifest " + digest);
    }
    List<String> missing = new ArrayList<>();
    if (top.get().isIndex()) {
      for (Platform platform : platforms) {
        Optional<Descriptor> child = select(top.get().manifests(), platform);
        if (child.isEmpty()) {
          missing.add("platform " + platform);
          continue;
        }
        Optional<Manifest> manifest = client.manifest(route, child.get().digest(), deadline);
        if (manifest.isEmpty()) {
          missing.add(platform + " manifest " + child.get().digest());
          continue;
        }
        missing.addAll(blobs(route, manifest.get(), platform + " ", deadline));
      }
      return missing;
    }
    if (!platforms.isEmpty()) {
      Optional<Platform> own = platformOf(route, top.get(), deadline);
      if (own.isEmpty()) {
        return List.of("config " + top.get().config().map(d -> d.digest().toString()).orElse(""));
      }
      for (Platform platform : platforms) {
        if (!platform.matches(own.get())) {
          missing.add("platform " + platform + " (image is " + own.get() + ")");
        }
      }
    }
    missing.addAll(blobs(route, top.get(), "", deadline));
    return missing;
  }

  private List<String> blobs(MirrorRoute route, Manifest manifest, String prefix, Deadline deadline)
      throws RegistryException {
    List<String> missing = new ArrayList<>();
    if (manifest.config().isPresent()
        && !resolver.client().blobExists(route, manifest.config().get().digest(), deadline)) {
      missing.add(prefix + "config " + manifest.config().get().digest());
    }
    for (Descriptor layer : manifest.layers()) {
      if (!resolver.client().blobExists(route, layer.digest(), deadline)) {
        missing.add(prefix + "layer " + layer.digest());
      }
    }
    return missing;
  }

  /** The first child whose platform satisfies {@code wanted} (containerd's matcher). */
  private static Optional<Descriptor> select(List<Descriptor> children, Platform wanted) {
    for (Descriptor child : children) {
      if (child.platform().isEmpty()) {
        continue;
      }
      try {
        if (wanted.matches(Platform.parse(child.platform().get()))) {
          return Optional.of(child);
        }
      } catch (IllegalArgumentException e) {
        // a child with an unusual platform string (e.g. attestations) matches nothing
      }
    }
    return Optional.empty();
  }

  /** A single-platform image's platform, from its config blob; empty when the config is absent. */
  private Optional<Platform> platformOf(MirrorRoute route, Manifest manifest, Deadline deadline)
      throws RegistryException {
    if (manifest.config().isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> config =
        resolver.client().blob(route, manifest.config().get().digest(), MAX_CONFIG_BYTES, deadline);
    if (config.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode node = json.readTree(config.get());
      String variant = node.path("variant").asText("");
      return Optional.of(
          new Platform(
              node.path("os").asText(""),
              node.path("architecture").asText(""),
              variant.isEmpty() ? Optional.empty() : Optional.of(variant)));
    } catch (IOException e) {
      throw new RegistryException(
          RegistryException.Kind.MALFORMED,
          null,
          "image config " + manifest.config().get().digest() + " is not JSON",
          e);
    }
  }

  private static Optional<String> none() {
    return Optional.empty();
  }
}
