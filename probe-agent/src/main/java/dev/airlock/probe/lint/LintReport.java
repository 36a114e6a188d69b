package dev.airlock.probe.lint;

import java.util.List;

/**
 * The result of linting one node.
 *
 * @param findings in {@link Finding#ORDER}
 * @param hosts the upstream registries whose {@code hosts.toml} was checked, sorted
 */
public record LintReport(List<Finding> findings, List<String> hosts) {

  public LintReport {
    findings = findings.stream().sorted(Finding.ORDER).toList();
    hosts = hosts.stream().sorted().toList();
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** True when no finding of {@code check} is an error (warnings leave a check ok). */
  public boolean ok(LintCheck check) {
    return findings.stream().noneMatch(f -> f.check() == check && f.severity() == Severity.error);
  }

  public boolean hasErrors() {
    return count(Severity.error) > 0;
  }
}
