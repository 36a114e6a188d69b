package dev.airlock.charts;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the metric names a PromQL expression reads (enough PromQL for the chart's alerts). */
final class PromQl {
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "Inf", "NaN");

  private PromQl() {}

  static Set<String> metricNames(String expr) {
    String stripped = STRING.matcher(expr).replaceAll(" ");
    stripped = MATCHERS.matcher(stripped).replaceAll(" ");
    stripped = RANGES.matcher(stripped).replaceAll(" ");
    stripped = GROUPING.matcher(stripped).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(stripped);
    while (m.find()) {
      if (m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1))) {
        continue; // exponent or unit of a number literal
      }
      String rest = stripped.substring(m.end()).stripLeading();
      if (rest.startsWith("(") || KEYWORDS.contains(m.group())) {
        continue; // function, aggregation or keyword
      }
      names.add(m.group());
    }
    return names;
  }
}
