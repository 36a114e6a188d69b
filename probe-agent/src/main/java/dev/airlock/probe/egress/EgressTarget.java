package dev.airlock.probe.egress;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * One public registry the air gap must keep out of reach, probed at {@code <target>/v2/} (the
 * distribution spec's API version check, which every registry answers).
 *
 * @param configured the target as written (the {@code target} label and the first column)
 * @param probeUrl {@code <target>/v2/}
 */
public record EgressTarget(String configured, URI probeUrl) {

  /** The defaults: the public registries an air-gapped Solo/Istio/Kubernetes install would use. */
  public static final String DEFAULT_TARGETS =
      "https://us-docker.pkg.dev,https://gcr.io,https://registry-1.docker.io,https://quay.io,"
          + "https://ghcr.io,https://public.ecr.aws,https://registry.k8s.io";

  /** {@link #DEFAULT_TARGETS} as a list. */
  public static final List<String> DEFAULTS = List.of(DEFAULT_TARGETS.split(","));

  /**
   * Parses an {@code http} or {@code https} URL with a host and no query.
   *
   * @throws IllegalArgumentException with a message naming the target
   */
  public static EgressTarget parse(String configured) {
    URI uri;
    try {
      uri = new URI(configured.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid target \"" + configured + "\": " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          "invalid target \"" + configured + "\": must be an https:// or http:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("invalid target \"" + configured + "\": no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "invalid target \"" + configured + "\": user info, query and fragment are not allowed");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    URI probe = URI.create(scheme + "://" + uri.getRawAuthority() + path + "/v2/");
    return new EgressTarget(configured.trim(), probe);
  }

  public boolean tls() {
    return probeUrl.getScheme().equals("https");
  }

  public String host() {
    return probeUrl.getHost();
  }

  /** The port, with the scheme's default when none is written. */
  public int port() {
    int port = probeUrl.getPort();
    return port >= 0 ? port : (tls() ? 443 : 80);
  }

  /** {@code host[:port]} as the Host header and CONNECT line need it. */
  public String authority() {
    return probeUrl.getRawAuthority();
  }
}
