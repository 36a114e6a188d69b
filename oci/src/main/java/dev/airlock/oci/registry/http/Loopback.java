package dev.airlock.oci.registry.http;

import java.util.Locale;
import java.util.regex.Pattern;

/** Whether a host name from a URL is this machine, decided on the text alone (no lookup). */
final class Loopback {
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile(
          "127\\.(?:(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){2}(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])");

  private Loopback() {}

  /** {@code localhost}, {@code 127.0.0.0/8} or {@code ::1}, as in a URL's host part. */
  static boolean is(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || IPV4_LOOPBACK.matcher(h).matches()
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }
}
