package dev.airlock.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The demo's expectations: every check is counted; a failed one is printed at once and at the end.
 */
final class Checks {
  private final PrintStream out;
  private final List<String> failures = new ArrayList<>();
  private int count;

  Checks(PrintStream out) {
    this.out = out;
  }

  void equal(String what, Object expected, Object actual) {
    that(
        Objects.equals(expected, actual),
        what + ": expected <" + expected + "> but was <" + actual + ">");
  }

  void that(boolean ok, String failure) {
    count++;
    if (!ok) {
      failures.add(failure);
      out.println("  FAIL " + failure);
    }
  }

  /** Records an exception that stopped the demo. */
  void aborted(String failure) {
    count++;
    failures.add(failure);
  }

  boolean passed() {
    return failures.isEmpty();
  }

  /** {@code RESULT: ...} and the failures. */
  void summary() {
    if (failures.isEmpty()) {
      out.println("RESULT: ok, all " + count + " checks passed");
      return;
    }
    out.println("RESULT: FAILED, " + failures.size() + " of " + count + " checks failed:");
    failures.forEach(f -> out.println("  - " + f));
  }
}
