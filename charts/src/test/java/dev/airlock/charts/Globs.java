package dev.airlock.charts;

import java.util.regex.Pattern;

/**
 * design.md "Policy file" globs on the mirror location: {@code *} within a segment, {@code **}
 * across.
 */
final class Globs {
  private Globs() {}

  static boolean matches(String glob, String location) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.matches(regex.toString(), location);
  }
}
