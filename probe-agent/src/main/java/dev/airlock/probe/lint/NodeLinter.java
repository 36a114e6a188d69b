package dev.airlock.probe.lint;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lints the containerd registry configuration of a node whose root filesystem is mounted at a
 * directory: {@code config.toml} first, then every {@code hosts.toml} it points at.
 */
public final class NodeLinter {
  private final ContainerdConfigLint configLint;
  private final HostsLint hostsLint;

  public NodeLinter(Clock clock) {
    CaFileCheck caCheck = new CaFileCheck(clock);
    this.configLint = new ContainerdConfigLint(caCheck);
    this.hostsLint = new HostsLint(caCheck);
  }

  /**
   * @param rootDir the node's root filesystem
   * @param required upstream registries that must have a {@code hosts.toml} even when no {@code
   *     certs.d} directory names them
   */
  public LintReport lint(Path rootDir, Set<String> required) {
    NodeRoot root = new NodeRoot(rootDir);
    ContainerdConfigLint.Result config = configLint.lint(root);
    List<Finding> findings = new ArrayList<>(config.findings());
    if (config.certsDirs().isEmpty()) {
      return new LintReport(findings, List.of());
    }
    HostsLint.Result hosts = hostsLint.lint(root, config.certsDirs(), required, config.version());
    findings.addAll(hosts.findings());
    return new LintReport(findings, hosts.hosts());
  }
}
