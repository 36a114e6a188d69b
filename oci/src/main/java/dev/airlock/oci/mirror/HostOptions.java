package dev.airlock.oci.mirror;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one host table of a {@code hosts.toml} (the root table applies to {@code
 * server}), as containerd {@code docs/hosts.md} defines them. Paths are already resolved.
 *
 * @param capabilities {@code capabilities}; all three when absent or empty (containerd {@code
 *     parseHostConfig})
 */
public record HostOptions(
    Set<Capability> capabilities,
    List<Path> caFiles,
    List<ClientCertificate> clientCertificates,
    boolean skipVerify,
    Map<String, List<String>> headers,
    boolean overridePath,
    Optional<Duration> dialTimeout) {

  /** What a host gets when its table sets nothing. */
  public static final HostOptions DEFAULTS =
      new HostOptions(
          EnumSet.allOf(Capability.class),
          List.of(),
          List.of(),
          false,
          Map.of(),
          false,
          Optional.empty());

  public HostOptions {
    capabilities = Set.copyOf(capabilities);
    caFiles = List.copyOf(caFiles);
    clientCertificates = List.copyOf(clientCertificates);
    headers = Map.copyOf(headers);
  }

  /**
   * The endpoint for {@code url} (already checked by {@link HostUrl#parse}) with these settings.
   */
  HostEndpoint endpoint(URI url) {
    return new HostEndpoint(
        url.getScheme(),
        url.getRawAuthority(),
        HostUrl.apiPath(url.getRawPath(), overridePath),
        overridePath,
        capabilities,
        caFiles,
        clientCertificates,
        skipVerify,
        headers,
        dialTimeout);
  }

  /** The same settings with {@code skip_verify = true}. */
  HostOptions withSkipVerify() {
    return new HostOptions(
        capabilities, caFiles, clientCertificates, true, headers, overridePath, dialTimeout);
  }

  /** The same settings with all three capabilities, as containerd gives its implicit upstream. */
  HostOptions withAllCapabilities() {
    return new HostOptions(
        EnumSet.allOf(Capability.class),
        caFiles,
        clientCertificates,
        skipVerify,
        headers,
        false,
        dialTimeout);
  }
}
