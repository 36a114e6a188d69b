package dev.airlock.probe.lint;

import dev.airlock.oci.ref.InvalidReferenceException;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The periodic node lint of {@code serve}: lints {@code airlock.probe.node.root} and publishes
 * {@code airlock_node_config_ok{check}}. {@link #refresh()} never throws; without a node root it
 * does nothing.
 */
@Singleton
public class NodeConfigMonitor {
  private static final Logger LOG = Logger.getLogger(NodeConfigMonitor.class);

  private final NodeConfig config;
  private final NodeLinter linter;
  private final NodeConfigMetrics metrics;

  public NodeConfigMonitor(NodeConfig config, NodeLinter linter, NodeConfigMetrics metrics) {
    this.config = config;
    this.linter = linter;
    this.metrics = metrics;
  }

  /** One lint round; returns the report, or null when no node root is configured or present. */
  public LintReport refresh() {
    if (config.root().isEmpty()) {
      return null;
    }
    Path root = config.root().get();
    if (!Files.isDirectory(root)) {
      LOG.warnf("airlock.probe.node.root %s is not a directory: node lint skipped", root);
      return null;
    }
    Set<String> required = new LinkedHashSet<>();
    for (String host : config.require().orElse(List.of())) {
      try {
        required.add(LintNodeCommand.registryHost(host));
      } catch (InvalidReferenceException e) {
        LOG.warnf("airlock.probe.node.require: %s is not a registry host: ignored", host);
      }
    }
    try {
      LintReport report = linter.lint(root, required);
      metrics.update(report);
      for (Finding f : report.findings()) {
        LOG.warnf("node config %s %s %s: %s", f.severity(), f.check().id(), f.file(), f.message());
      }
      return report;
    } catch (RuntimeException e) {
      LOG.error("node lint failed", e);
      return null;
    }
  }
}
