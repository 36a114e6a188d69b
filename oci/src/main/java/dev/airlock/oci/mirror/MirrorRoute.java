package dev.airlock.oci.mirror;

import dev.airlock.oci.ref.ImageReference;
import java.util.List;

/**
 * Where containerd pulls one image from: the ordered endpoints of the image's {@code hosts.toml}
 * (public-upstream fallback removed) and the image's mirror location.
 *
 * @param image the image as written in the pod
 * @param namespace the upstream namespace containerd sends as {@code ns=} ({@code docker.io})
 * @param hostsFile the {@code hosts.toml} the route came from
 * @param endpoints in containerd's order
 * @param mirrorLocation the location used for policy matching, e.g. {@code
 *     registry.internal/dockerhub/library/redis} (see design.md "Mirror semantics")
 */
public record MirrorRoute(
    ImageReference image,
    String namespace,
    java.nio.file.Path hostsFile,
    List<MirrorEndpoint> endpoints,
    String mirrorLocation) {

  /** Endpoints that may resolve tags ({@code resolve} capability), in order. */
  public List<MirrorEndpoint> resolvers() {
    return endpoints.stream().filter(e -> e.host().can(Capability.RESOLVE)).toList();
  }

  /** Endpoints that may serve content by digest ({@code pull} capability), in order. */
  public List<MirrorEndpoint> pullers() {
    return endpoints.stream().filter(e -> e.host().can(Capability.PULL)).toList();
  }
}
