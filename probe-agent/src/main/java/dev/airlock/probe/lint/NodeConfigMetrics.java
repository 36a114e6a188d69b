package dev.airlock.probe.lint;

import dev.airlock.probe.metrics.ProbeMetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code airlock_node_config_ok{check}}: per {@link LintCheck}, 1 when the last lint of the node
 * found no error for it, 0 otherwise (warnings leave a check ok, as they leave {@code lint-node}'s
 * exit code 0).
 */
@Singleton
public class NodeConfigMetrics {
  /** Micrometer name of {@code airlock_node_config_ok}. */
  public static final String OK = ProbeMetricNames.NODE_CONFIG_OK;

  private final MultiGauge gauge;

  public NodeConfigMetrics(MeterRegistry registry) {
    this.gauge =
        MultiGauge.builder(OK)
            .description("1 when the node's containerd registry configuration passes the check")
            .register(registry);
  }

  public void update(LintReport report) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (LintCheck check : LintCheck.values()) {
      rows.add(MultiGauge.Row.of(Tags.of("check", check.id()), report.ok(check) ? 1.0 : 0.0));
    }
    gauge.register(rows, true);
  }
}
