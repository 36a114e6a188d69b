package dev.airlock.webhook.policy;

import java.util.regex.Pattern;

/**
 * A glob on a mirror location (design.md "Policy file"): {@code *} matches within one path segment,
 * {@code **} across segments; every other character is literal.
 */
public final class Glob {
  private final String source;
  private final Pattern pattern;

  private Glob(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  public static Glob compile(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i += 2;
      } else if (c == '*') {
        regex.append("[^/]*");
        i++;
      } else {
        int next = i;
        while (next < glob.length() && glob.charAt(next) != '*') {
          next++;
        }
        regex.append(Pattern.quote(glob.substring(i, next)));
        i = next;
      }
    }
    return new Glob(glob, Pattern.compile(regex.toString()));
  }

  public boolean matches(String location) {
    return pattern.matcher(location).matches();
  }

  @Override
  public String toString() {
    return source;
  }
}
