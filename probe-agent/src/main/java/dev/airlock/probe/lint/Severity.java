package dev.airlock.probe.lint;

/** How bad a lint finding is: errors fail {@code lint-node} (exit 1), warnings do not. */
public enum Severity {
  error,
  warning
}
