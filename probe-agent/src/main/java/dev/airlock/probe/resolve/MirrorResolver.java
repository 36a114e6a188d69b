package dev.airlock.probe.resolve;

import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import java.time.Duration;
import java.util.Optional;

/**
 * Resolves images at the mirror as containerd would pull them: the route from {@code hosts.toml},
 * then the tag (or digest) at the route's resolvers. One deadline per image.
 */
public final class MirrorResolver {
  /** Time one image may take, retries and endpoint fail-over included. */
  public static final Duration PER_IMAGE = Duration.ofSeconds(60);

  private final MirrorMap mirrors;
  private final RegistryClient client;

  public MirrorResolver(MirrorMap mirrors, RegistryClient client) {
    this.mirrors = mirrors;
    this.client = client;
  }

  /** The mirror map this resolver routes with. */
  public MirrorMap map() {
    return mirrors;
  }

  public RegistryClient client() {
    return client;
  }

  public Resolution resolve(ImageReference image) {
    return resolve(image, Deadline.after(PER_IMAGE));
  }

  public Resolution resolve(ImageReference image, Deadline deadline) {
    Optional<MirrorRoute> route = mirrors.route(image);
    if (route.isEmpty()) {
      return new Resolution.Unmirrored(image);
    }
    try {
      Optional<Descriptor> found = client.resolve(route.get(), image.identifier(), deadline);
      if (found.isEmpty()) {
        return new Resolution.Missing(image, route.get(), what(image));
      }
      return new Resolution.Resolved(image, route.get(), found.get());
    } catch (RegistryException e) {
      return new Resolution.Failed(image, route, describe(e));
    }
  }

  /** {@code tag 7.2}, {@code tag latest} or {@code manifest sha256:…}. */
  static String what(ImageReference image) {
    return image.digest().isPresent()
        ? "manifest " + image.identifier()
        : "tag " + image.identifier();
  }

  /** A registry error as one line for a table cell. */
  public static String describe(RegistryException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
    return message.replace('\n', ' ');
  }
}
