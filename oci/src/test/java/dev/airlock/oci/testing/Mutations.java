package dev.airlock.oci.testing;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Fuzz inputs near a valid one (jqwik): a well-formed document with up to eight random edits
 * (insert, delete, replace a character, repeat or cut a slice), so most inputs get past the first
 * syntax check and reach the code behind it. The edits shrink toward the original document.
 */
public final class Mutations {
  private Mutations() {}

  /** Characters that matter to JSON, TOML, YAML, PEM and references, and some that never should. */
  private static final String SPECIAL = "{}[]\"':,=.#@/\\\n\r\t -_+0123456789\u0000\u00e9\u2028";

  private enum Kind {
    INSERT,
    DELETE,
    REPLACE,
    REPEAT,
    CUT
  }

  private record Edit(Kind kind, int at, int length, char c) {}

  /** {@code base} with zero to eight random edits. */
  public static Arbitrary<String> of(String base) {
    Arbitrary<Character> chars =
        Arbitraries.frequencyOf(
            List.of(
                Tuple.of(3, Arbitraries.of(SPECIAL.chars().mapToObj(c -> (char) c).toList())),
                Tuple.of(2, Arbitraries.chars().ascii()),
                Tuple.of(1, Arbitraries.chars())));
    Arbitrary<Edit> edit =
        Combinators.combine(
                Arbitraries.of(Kind.values()),
                Arbitraries.integers().between(0, Math.max(0, base.length())),
                Arbitraries.integers().between(1, 64),
                chars)
            .as(Edit::new);
    return edit.list().ofMaxSize(8).map(edits -> apply(base, edits));
  }

  private static String apply(String base, List<Edit> edits) {
    StringBuilder s = new StringBuilder(base);
    for (Edit e : edits) {
      int at = s.length() == 0 ? 0 : e.at() % (s.length() + 1);
      int end = Math.min(s.length(), at + e.length());
      switch (e.kind()) {
        case INSERT -> s.insert(at, e.c());
        case DELETE -> {
          if (at < s.length()) {
            s.deleteCharAt(at);
          }
        }
        case REPLACE -> {
          if (at < s.length()) {
            s.setCharAt(at, e.c());
          }
        }
        case REPEAT -> s.insert(end, s.substring(at, end));
        case CUT -> s.delete(at, end);
      }
    }
    return s.toString();
  }
}
