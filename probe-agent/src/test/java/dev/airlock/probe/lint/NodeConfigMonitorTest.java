package dev.airlock.probe.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigMonitorTest {
  @TempDir Path dir;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  NodeConfigMonitor monitor(Optional<Path> root, List<String> require) {
    NodeConfig config =
        new NodeConfig() {
          @Override
          public Optional<Path> root() {
            return root;
          }

          @Override
          public Optional<List<String>> require() {
            return Optional.of(require);
          }
        };
    return new NodeConfigMonitor(
        config, new NodeLinter(Clock.systemUTC()), new NodeConfigMetrics(meters));
  }

  double gauge(String check) {
    return meters.find(NodeConfigMetrics.OK).tag("check", check).gauge().value();
  }

  @Test
  void refresh_withoutNodeRoot_publishesNothing() {
    assertThat(monitor(Optional.empty(), List.of()).refresh()).isNull();
    assertThat(meters.find(NodeConfigMetrics.OK).gauges()).isEmpty();
  }

  @Test
  void refresh_nodeMissingRequiredHost_zeroesHostsFile() throws Exception {
    new NodeTree(dir)
        .file("/etc/containerd/config.toml", NodeTree.V3_CONFIG)
        .dir("/etc/containerd/certs.d");
    LintReport report = monitor(Optional.of(dir), List.of("quay.io")).refresh();
    assertThat(report.hosts()).containsExactly("quay.io");
    assertThat(gauge("hosts_file")).isEqualTo(0.0);
    assertThat(gauge("config_path")).isEqualTo(1.0);
    assertThat(gauge("skip_verify")).isEqualTo(1.0);
  }
}
