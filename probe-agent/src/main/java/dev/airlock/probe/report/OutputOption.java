package dev.airlock.probe.report;

import picocli.CommandLine.Option;

/** The {@code --output table|json} option shared by the operator commands (a picocli mixin). */
public final class OutputOption {
  @Option(
      names = "--output",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  /** True when {@code --output json} was given. */
  public boolean json() {
    return format == OutputFormat.json;
  }
}
