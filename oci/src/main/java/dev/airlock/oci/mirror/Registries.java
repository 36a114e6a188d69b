package dev.airlock.oci.mirror;

import dev.airlock.oci.ref.ImageReference;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Registry host names as containerd compares them. */
final class Registries {
  /** The host that serves {@code docker.io} (containerd {@code hosts.go}). */
  static final String DOCKER_HUB_SERVER = "registry-1.docker.io";

  private static final String DOCKER_HUB_LEGACY = "index.docker.io";
  private static final Pattern IPV4 =
      Pattern.compile(
          "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

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
   * containerd {@code docker.IsLocalhost}: {@code localhost} or a loopback IP literal, port
   * ignored. Decided on the text only (no name lookup).
   */
  static boolean isLocalhost(String registry) {
    String host = registry;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      host = close < 0 ? host : host.substring(1, close);
    } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    if (host.equals("localhost")) {
      return true;
    }
    if (IPV4.matcher(host).matches()) {
      return host.startsWith("127.");
    }
    if (host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+")) {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
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
