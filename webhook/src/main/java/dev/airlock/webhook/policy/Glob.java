package dev.airlock.webhook.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A glob on a mirror location (design.md "Policy file"): {@code *} matches within one path segment,
 * {@code **} across segments; every other character is literal. Matched by dynamic programming over
 * (glob token, location position), so a glob such as {@code **a**a**a**c} costs at most tokens ×
 * characters steps: a regular expression of it backtracks for seconds on a long location.
 */
public final class Glob {
  private final String source;

  /** Tokens: a literal character, or one of the wildcards. */
  private final List<Object> tokens;

  private static final Object STAR = new Object();
  private static final Object STARS = new Object();

  private Glob(String source, List<Object> tokens) {
    this.source = source;
    this.tokens = tokens;
  }

  public static Glob compile(String glob) {
    List<Object> tokens = new ArrayList<>();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*') {
        int run = 0;
        while (i < glob.length() && glob.charAt(i) == '*') {
          run++;
          i++;
        }
        Object wildcard = run >= 2 ? STARS : STAR;
        // Adjacent wildcards are one: ** absorbs *, and a run of ** is one **.
        if (!tokens.isEmpty()
            && (tokens.get(tokens.size() - 1) == STARS || tokens.get(tokens.size() - 1) == STAR)) {
          Object previous = tokens.remove(tokens.size() - 1);
          wildcard = previous == STARS || wildcard == STARS ? STARS : STAR;
        }
        tokens.add(wildcard);
      } else {
        tokens.add(c);
        i++;
      }
    }
    return new Glob(glob, List.copyOf(tokens));
  }

  public boolean matches(String location) {
    int n = location.length();
    // reach[j]: the tokens seen so far can match location[0, j).
    boolean[] reach = new boolean[n + 1];
    reach[0] = true;
    for (Object token : tokens) {
      boolean[] next = new boolean[n + 1];
      if (token == STARS) {
        boolean any = false;
        for (int j = 0; j <= n; j++) {
          any |= reach[j];
          next[j] = any;
        }
      } else if (token == STAR) {
        boolean run = false;
        for (int j = 0; j <= n; j++) {
          if (j > 0 && location.charAt(j - 1) == '/') {
            run = false;
          }
          run |= reach[j];
          next[j] = run;
        }
      } else {
        char literal = (Character) token;
        for (int j = 1; j <= n; j++) {
          next[j] = reach[j - 1] && location.charAt(j - 1) == literal;
        }
      }
      reach = next;
    }
    return reach[n];
  }

  @Override
  public String toString() {
    return source;
  }
}
