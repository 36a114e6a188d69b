package dev.airlock.probe.metrics;

import java.util.Set;

/**
 * The Prometheus names the probe agent exports (design.md "Metric names"), declared once.
 * Micrometer names are the dotted forms; the Prometheus registry turns dots into underscores, adds
 * {@code _seconds} to timers and {@code _total} to counters. Histograms appear by their base name
 * (with {@code _bucket}, {@code _count}, {@code _sum} series). The chart's alert tests read {@link
 * #PROMETHEUS_NAMES}.
 */
public final class ProbeMetricNames {
  /** Gauge 0/1 per egress target: 1 when the last probe reached it. */
  public static final String EGRESS_LEAK = "airlock.egress.leak";

  /** Gauge: when the last egress round finished (Unix seconds). */
  public static final String EGRESS_LAST_RUN = "airlock.egress.probe.last.run.timestamp.seconds";

  /** Counter per target and outcome ({@code dns_nxdomain}, {@code refused}, {@code http}…). */
  public static final String EGRESS_PROBES = "airlock.egress.probes";

  /** Gauge 0/1 per mirror: {@code GET /v2/} answered 200 or 401. */
  public static final String MIRROR_UP = "airlock.mirror.up";

  /** Gauge per mirror: earliest notAfter of the presented chain (Unix seconds). */
  public static final String MIRROR_TLS_EXPIRY = "airlock.mirror.tls.cert.expiry.timestamp.seconds";

  /** Timer with histogram buckets per mirror: one pull (resolve + manifest). */
  public static final String MIRROR_PULL_DURATION = "airlock.mirror.pull.duration";

  /** Counter per mirror, image (configured list only) and result ({@code ok}, {@code failed}). */
  public static final String MIRROR_PULLS = "airlock.mirror.pulls";

  /** Gauge per mirror: used / (used + available) of the registry's storage. */
  public static final String MIRROR_DISK_USED = "airlock.mirror.disk.used.ratio";

  /** Every exported Prometheus name; histograms by base name. */
  public static final Set<String> PROMETHEUS_NAMES =
      Set.of(
          "airlock_egress_leak",
          "airlock_egress_probe_last_run_timestamp_seconds",
          "airlock_egress_probes_total",
          "airlock_mirror_up",
          "airlock_mirror_tls_cert_expiry_timestamp_seconds",
          "airlock_mirror_pull_duration_seconds",
          "airlock_mirror_pulls_total",
          "airlock_mirror_disk_used_ratio",
          "airlock_node_config_ok",
          "airlock_mirror_in_use_image_missing");

  private ProbeMetricNames() {}
}
