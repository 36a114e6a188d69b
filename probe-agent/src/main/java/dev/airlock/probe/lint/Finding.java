package dev.airlock.probe.lint;

import java.util.Comparator;

/**
 * One lint result.
 *
 * @param severity error or warning
 * @param check which check found it
 * @param file the file concerned, as a path on the node ({@code /etc/containerd/config.toml})
 * @param message what is wrong; never contains a credential value
 */
public record Finding(Severity severity, LintCheck check, String file, String message) {

  /** Errors first, then by file, check and message: a stable order for output and tests. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::file)
          .thenComparing(Finding::check)
          .thenComparing(Finding::message);

  public static Finding error(LintCheck check, String file, String message) {
    return new Finding(Severity.error, check, file, message);
  }

  public static Finding warning(LintCheck check, String file, String message) {
    return new Finding(Severity.warning, check, file, message);
  }
}
