package dev.airlock.probe.report;

/** {@code --output} of the operator commands. */
public enum OutputFormat {
  table,
  json
}
