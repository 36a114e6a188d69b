package dev.airlock.oci.registry.http;

import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which redirects a registry request follows (distribution spec: blob GETs may redirect to
 * storage): within the same origin always; to another origin only when its authority is one the
 * application named ({@code RegistryClientOptions.redirectHosts}: the hosts of the hosts directory
 * plus any configured object stores), and never from {@code https} to {@code http}. On a change of
 * origin only {@code Accept} and {@code User-Agent} go along: neither the {@code Authorization}
 * header (in whatever letter case) nor the {@code hosts.toml} headers, which belong to the host
 * they were written for.
 */
final class RedirectPolicy {
  private final Set<String> allowedAuthorities;

  RedirectPolicy(Set<String> allowedAuthorities) {
    this.allowedAuthorities =
        allowedAuthorities.stream()
            .map(a -> a.toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
        && Objects.equals(lower(a.getRawAuthority()), lower(b.getRawAuthority()));
  }

  /** Refuses {@code to} unless it may be followed from {@code from}. */
  void check(String method, URI from, URI to, int status) throws RegistryException {
    String scheme = lower(to.getScheme());
    String what = method + " " + Redaction.url(from) + ": redirect (" + status + ") to ";
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw refused(status, from, what + "a non-HTTP URL refused");
    }
    if ("https".equals(lower(from.getScheme())) && "http".equals(scheme)) {
      throw refused(status, from, what + Redaction.url(to) + " refused: https to http");
    }
    if (sameOrigin(from, to)) {
      return;
    }
    String authority = lower(to.getRawAuthority());
    if (authority == null || authority.contains("@") || !allowedAuthorities.contains(authority)) {
      throw refused(
          status,
          from,
          what
              + to.getScheme()
              + "://"
              + (authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1))
              + " refused: not a host of the hosts directory nor of airlock.registry.redirect-hosts");
    }
  }

  private static RegistryException refused(int status, URI from, String message) {
    return new RegistryException(
        Kind.HTTP_STATUS, status, java.util.List.of(), from, message, null);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
