package dev.airlock.oci.mirror;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One registry host from a {@code hosts.toml}: a {@code [host."…"]} entry or the {@code server}.
 *
 * @param scheme {@code https} or {@code http}
 * @param authority {@code host[:port]} as written in the URL
 * @param apiPath the path containerd puts before {@code /<repository>/manifests/…}: {@code /v2}
 *     appended to the URL path unless {@code override_path = true} (containerd {@code hosts.go})
 * @param overridePath {@code override_path}
 * @param capabilities what the host may be used for
 * @param caFiles extra CA certificates to trust, resolved to absolute paths
 * @param clientCertificates client certificates for mutual TLS
 * @param skipVerify {@code skip_verify = true}: TLS verification disabled, honoured as on the node
 *     (integrity then rests on digests and signatures; {@code lint-node} reports it)
 * @param headers extra request headers
 * @param dialTimeout {@code dial_timeout}, if set
 */
public record HostEndpoint(
    String scheme,
    String authority,
    String apiPath,
    boolean overridePath,
    Set<Capability> capabilities,
    List<Path> caFiles,
    List<ClientCertificate> clientCertificates,
    boolean skipVerify,
    Map<String, List<String>> headers,
    Optional<Duration> dialTimeout) {

  /** {@code scheme://authority}, e.g. {@code https://registry.internal:5000}. */
  public URI origin() {
    return URI.create(scheme + "://" + authority);
  }

  public boolean can(Capability capability) {
    return capabilities.contains(capability);
  }

  /**
   * Whether containerd resolves tags at this host: it asks only hosts that have both {@code pull}
   * and {@code resolve} ({@code core/remotes/docker/resolver.go} {@code Resolve}; {@code
   * filterHosts} keeps hosts with every capability asked for). A resolve-only host is never asked.
   */
  public boolean resolvesTags() {
    return can(Capability.PULL) && can(Capability.RESOLVE);
  }
}
