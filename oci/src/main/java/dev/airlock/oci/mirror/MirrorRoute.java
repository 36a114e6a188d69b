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

  /**
   * Endpoints containerd resolves {@link #image} at, in order ({@code
   * core/remotes/docker/resolver.go} {@code Resolve}): for a tag the hosts with both {@code pull}
   * and {@code resolve} ({@link HostEndpoint#resolvesTags}); for a digest the hosts with {@code
   * pull}.
   */
  public List<MirrorEndpoint> resolvers() {
    boolean byDigest = image.digest().isPresent();
    return endpoints.stream()
        .filter(e -> byDigest ? e.host().can(Capability.PULL) : e.host().resolvesTags())
        .toList();
  }

  /** Endpoints that may serve content by digest ({@code pull} capability), in order. */
  public List<MirrorEndpoint> pullers() {
    return endpoints.stream().filter(e -> e.host().can(Capability.PULL)).toList();
  }
}
