package dev.airlock.oci.registry.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One authentication challenge of a {@code WWW-Authenticate} header (RFC 7235 section 4.1), e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"}.
 *
 * @param scheme the auth scheme, lower case ({@code basic}, {@code bearer})
 * @param parameters auth-params with lower-case names; quoted values unescaped
 */
public record Challenge(String scheme, Map<String, String> parameters) {

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /**
   * Parses every challenge in the values of {@code WWW-Authenticate} headers. Token68 forms and
   * malformed parts are skipped; an unparsable header yields no challenge.
   */
  public static List<Challenge> parseAll(List<String> headerValues) {
    List<Challenge> out = new ArrayList<>();
    for (String value : headerValues) {
      out.addAll(new Parser(value).challenges());
    }
    return out;
  }

  /** A recursive-descent reader of one header value. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    List<Challenge> challenges() {
      List<Challenge> out = new ArrayList<>();
      while (true) {
        skip(" \t,");
        String scheme = token();
        if (scheme.isEmpty()) {
          return out;
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
          int mark = i;
          skip(" \t,");
          String name = token();
          skip(" \t");
          if (name.isEmpty() || !peek('=')) {
            i = mark; // the next scheme starts here
            break;
          }
          i++;
          skip(" \t");
          String value = peek('"') ? quoted() : bareValue();
          params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        }
        out.add(
            new Challenge(scheme.toLowerCase(Locale.ROOT), Collections.unmodifiableMap(params)));
        if (i >= s.length()) {
          return out;
        }
      }
    }

    private String token() {
      int start = i;
      while (i < s.length() && isTokenChar(s.charAt(i))) {
        i++;
      }
      return s.substring(start, i);
    }

    /** An unquoted value; lenient (registries send unquoted URLs), it ends at a comma or space. */
    private String bareValue() {
      int start = i;
      while (i < s.length() && ", \t".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      return s.substring(start, i);
    }

    private String quoted() {
      StringBuilder out = new StringBuilder();
      i++; // opening quote
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '\\' && i < s.length()) {
          out.append(s.charAt(i++));
        } else if (c == '"') {
          return out.toString();
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    private boolean peek(char c) {
      return i < s.length() && s.charAt(i) == c;
    }

    private void skip(String chars) {
      while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private static boolean isTokenChar(char c) {
      // RFC 7230 tchar
      return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
  }
}
