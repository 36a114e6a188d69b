package dev.airlock.oci.testing;

/**
 * One request as the registry logged it ({@code response completed} entries of its JSON log).
 *
 * @param method HTTP method
 * @param path the request path, e.g. {@code /v2/library/redis/manifests/7.2}
 * @param query the raw query without {@code ?}, empty when none (e.g. {@code ns=docker.io})
 * @param host the {@code Host} header the client sent, e.g. {@code 127.0.0.1:5443}
 * @param status the HTTP status the registry answered
 */
public record RegistryRequest(String method, String path, String query, String host, int status) {

  static RegistryRequest of(String method, String uri, String host, int status) {
    int q = uri.indexOf('?');
    return q < 0
        ? new RegistryRequest(method, uri, "", host, status)
        : new RegistryRequest(method, uri.substring(0, q), uri.substring(q + 1), host, status);
  }

  /** {@code METHOD path[?query]}, handy for assertions. */
  public String line() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query);
  }
}
