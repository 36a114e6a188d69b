package dev.airlock.probe.egress;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxies the environment configures, read as curl and Go's {@code httpproxy} package read
 * them: {@code https_proxy}/{@code HTTPS_PROXY} for https targets, {@code http_proxy}/{@code
 * HTTP_PROXY} for http targets (lower case first), and {@code no_proxy}/{@code NO_PROXY} (comma
 * list of host names or domain suffixes, {@code *} for all). Only {@code http://} proxies (CONNECT)
 * are supported.
 */
public final class ProxySettings {
  private final Optional<URI> httpsProxy;
  private final Optional<URI> httpProxy;
  private final List<String> noProxy;

  private ProxySettings(Optional<URI> httpsProxy, Optional<URI> httpProxy, List<String> noProxy) {
    this.httpsProxy = httpsProxy;
    this.httpProxy = httpProxy;
    this.noProxy = noProxy;
  }

  /** No proxy at all. */
  public static ProxySettings none() {
    return new ProxySettings(Optional.empty(), Optional.empty(), List.of());
  }

  /**
   * Reads the proxy variables of {@code env}.
   *
   * @throws IllegalArgumentException when a proxy variable is not an {@code http://host:port} URL
   */
  public static ProxySettings fromEnvironment(Map<String, String> env) {
    List<String> noProxy = new ArrayList<>();
    String no = first(env, "no_proxy", "NO_PROXY");
    if (no != null) {
      for (String entry : no.split(",")) {
        String trimmed = entry.trim().toLowerCase(Locale.ROOT);
        if (!trimmed.isEmpty()) {
          noProxy.add(trimmed.startsWith(".") ? trimmed.substring(1) : trimmed);
        }
      }
    }
    return new ProxySettings(
        parse(first(env, "https_proxy", "HTTPS_PROXY")),
        parse(first(env, "http_proxy", "HTTP_PROXY")),
        List.copyOf(noProxy));
  }

  /** The proxy a connection to {@code target} goes through, if any. */
  public Optional<URI> proxyFor(EgressTarget target) {
    Optional<URI> proxy = target.tls() ? httpsProxy : httpProxy;
    if (proxy.isEmpty() || bypassed(target.host().toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return proxy;
  }

  private boolean bypassed(String host) {
    for (String entry : noProxy) {
      if (entry.equals("*") || host.equals(entry) || host.endsWith("." + entry)) {
        return true;
      }
    }
    return false;
  }

  private static String first(Map<String, String> env, String lower, String upper) {
    String value = env.get(lower);
    if (value == null || value.isBlank()) {
      value = env.get(upper);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Optional<URI> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String withScheme = value.contains("://") ? value : "http://" + value;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid proxy \"" + value + "\": " + e.getReason());
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "invalid proxy \"" + value + "\": only http://host:port proxies are supported");
    }
    return Optional.of(uri);
  }
}
