package dev.airlock.oci.registry.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps what a request carried in confidence out of error messages: a registry (or anything a
 * request was redirected to) may echo request headers in its error body, and those messages end up
 * in denials, logs and audit lines. Built from the headers a request sent: every value except
 * {@code Accept} and {@code User-Agent}, with Basic credentials also decoded (the {@code user:pass}
 * pair, the password, and its URL-encoded form) and Bearer tokens bare.
 */
final class Redaction {
  static final Redaction NONE = new Redaction(List.of(), false);
  static final String MASK = "[redacted]";

  /** Secrets shorter than this would mask ordinary words; a message holding one is withheld. */
  private static final int MIN_MASKED = 4;

  private final List<String> secrets;
  private final boolean withholdText;

  private Redaction(List<String> secrets, boolean withholdText) {
    this.secrets = secrets;
    this.withholdText = withholdText;
  }

  static Redaction of(Map<String, String> sentHeaders) {
    List<String> secrets = new ArrayList<>();
    for (Map.Entry<String, String> header : sentHeaders.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("accept") || name.equals("user-agent") || header.getValue() == null) {
        continue;
      }
      String value = header.getValue().trim();
      secrets.add(value);
      int space = value.indexOf(' ');
      if (space > 0) {
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credential = value.substring(space + 1).trim();
        secrets.add(credential);
        if (scheme.equals("basic")) {
          basic(credential, secrets);
        }
      }
    }
    boolean withhold = secrets.stream().anyMatch(s -> !s.isEmpty() && s.length() < MIN_MASKED);
    List<String> masked =
        secrets.stream()
            .filter(s -> s.length() >= MIN_MASKED)
            .distinct()
            .sorted((a, b) -> b.length() - a.length()) // longest first: user:pass before pass
            .toList();
    return new Redaction(masked, withhold);
  }

  private static void basic(String encoded, List<String> secrets) {
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return;
    }
    secrets.add(pair);
    int colon = pair.indexOf(':');
    if (colon >= 0) {
      String password = pair.substring(colon + 1);
      secrets.add(password);
      secrets.add(URLEncoder.encode(password, StandardCharsets.UTF_8));
    }
  }

  /**
   * {@code text} with every secret masked; withheld entirely when a secret is too short to mask.
   */
  String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    if (withholdText) {
      return "(message withheld: it may echo credentials)";
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return out;
  }

  /**
   * A URL fit for a message: no user info, and no query but containerd's {@code ns} (a redirect
   * target may carry a signed, credential-like query such as a pre-signed object-store URL).
   */
  static String url(URI uri) {
    if (uri == null) {
      return "";
    }
    String query = uri.getRawQuery();
    String kept = "";
    if (query != null) {
      List<String> ns = new ArrayList<>();
      for (String part : query.split("&")) {
        if (part.startsWith("ns=")) {
          ns.add(part);
        }
      }
      boolean dropped = ns.size() < query.split("&").length;
      kept = ns.isEmpty() ? "?…" : "?" + String.join("&", ns) + (dropped ? "&…" : "");
    }
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + authority + path + kept;
  }
}
