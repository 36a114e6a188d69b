package dev.airlock.probe.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeConfigMetricsTest {

  @Test
  void update_errorsZeroTheirCheck_warningsLeaveItOk() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    NodeConfigMetrics metrics = new NodeConfigMetrics(meters);
    metrics.update(
        new LintReport(
            List.of(
                Finding.error(LintCheck.SKIP_VERIFY, "/f", "x"),
                Finding.warning(LintCheck.UPSTREAM_FALLBACK, "/f", "y")),
            List.of("docker.io")));
    assertThat(
            meters.find(NodeConfigMetrics.OK).gauges().stream()
                .map(g -> g.getId().getTag("check") + "=" + g.value())
                .sorted())
        .containsExactly(
            "ca_file=1.0",
            "config_path=1.0",
            "credentials_file=1.0",
            "hosts_file=1.0",
            "skip_verify=0.0",
            "upstream_fallback=1.0");
  }
}
