package dev.airlock.oci.mirror;

import dev.airlock.oci.ref.ImageReference;

/** Registry host names as containerd compares them. */
final class Registries {
  /** The host that serves {@code docker.io} (containerd {@code hosts.go}). */
  static final String DOCKER_HUB_SERVER = "registry-1.docker.io";

  private static final String DOCKER_HUB_LEGACY = "index.docker.io";

  private Registries() {}

  /** The host containerd contacts for {@code registry} when nothing else is configured. */
  static String serverFor(String registry) {
    return registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_SERVER : registry;
  }

  /** True when {@code authority} is the registry {@code registry} (Docker Hub by any name). */
  static boolean sameRegistry(String authority, String registry) {
    if (authority.equals(registry)) {
      return true;
    }
    return registry.equals(ImageReference.DOCKER_HUB)
        && (authority.equals(DOCKER_HUB_SERVER)
            || authority.equals(DOCKER_HUB_LEGACY)
            || authority.equals(ImageReference.DOCKER_HUB));
  }

  /**
   * containerd {@code resolver.go} {@code isProxy}: the {@code ns} query parameter is added unless
   * the host is the image's registry ({@code registry-1.docker.io} counting as {@code docker.io}).
   */
  static boolean sendsNamespace(String authority, String registry) {
    return !authority.equals(registry)
        && !(registry.equals(ImageReference.DOCKER_HUB) && authority.equals(DOCKER_HUB_SERVER));
  }
}
