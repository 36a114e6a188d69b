package dev.airlock.oci.mirror;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;

/** The URL rules of containerd {@code hosts.go} {@code parseHostConfig}, in one place. */
final class HostUrl {
  private HostUrl() {}

  /**
   * Parses a {@code server} value or {@code [host."…"]} key. Like containerd, a value that does not
   * start with {@code http} gets {@code https://} in front. Unlike containerd (which passes any
   * scheme on to Go's HTTP client), anything but an {@code http}/{@code https} URL with a host and
   * without user info, query or fragment is refused.
   *
   * @return null when the value is not acceptable
   */
  static URI parse(String written) {
    boolean hasScheme = written.startsWith("http");
    if (!hasScheme && written.contains("://")) {
      return null;
    }
    String value = hasScheme ? written : "https://" + written;
    try {
      URI uri = new URI(value);
      boolean ok =
          ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
              && uri.getRawAuthority() != null
              && uri.getHost() != null
              && !uri.getRawAuthority().endsWith(":")
              && uri.getRawUserInfo() == null
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null;
      return ok ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * The path containerd puts before {@code /<repository>/…}: the URL path cleaned, {@code /v2}
   * appended unless it already ends in {@code /v2} or {@code override_path} is set; and then, as
   * the resolver's {@code path.Join("/", host.Path, repository, …)} does, cleaned again. The root
   * path is returned as the empty string.
   */
  static String apiPath(String urlPath, boolean overridePath) {
    String path = urlPath == null ? "" : urlPath;
    if (!path.isEmpty()) {
      path = clean(path);
      if (!path.endsWith("/v2") && !overridePath) {
        path = path + "/v2";
      }
    } else if (!overridePath) {
      path = "/v2";
    }
    String joined = clean("/" + path);
    return joined.equals("/") ? "" : joined;
  }

  /** Go's {@code path.Clean} for absolute paths. */
  static String clean(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(part);
      }
    }
    return "/" + String.join("/", parts);
  }
}
