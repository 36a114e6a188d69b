package dev.airlock.probe.metrics;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

  /** Gauge 0/1 per node: the last {@code lint-node} round found no error. */
  public static final String NODE_CONFIG_OK = "airlock.node.config.ok";

  /** Gauge 1 per in-use image that does not resolve at the mirror. */
  public static final String IN_USE_IMAGE_MISSING = "airlock.mirror.in.use.image.missing";

  /** How the Prometheus registry spells a meter of each type. */
  private enum Type {
    GAUGE(""),
    COUNTER("_total"),
    TIMER("_seconds");

    final String suffix;

    Type(String suffix) {
      this.suffix = suffix;
    }
  }

  private static final Map<String, Type> TYPES =
      Map.of(
          EGRESS_LEAK, Type.GAUGE,
          EGRESS_LAST_RUN, Type.GAUGE,
          EGRESS_PROBES, Type.COUNTER,
          MIRROR_UP, Type.GAUGE,
          MIRROR_TLS_EXPIRY, Type.GAUGE,
          MIRROR_PULL_DURATION, Type.TIMER,
          MIRROR_PULLS, Type.COUNTER,
          MIRROR_DISK_USED, Type.GAUGE,
          NODE_CONFIG_OK, Type.GAUGE,
          IN_USE_IMAGE_MISSING, Type.GAUGE);

  /** Every exported Prometheus name, derived from the names above; histograms by base name. */
  public static final Set<String> PROMETHEUS_NAMES =
      TYPES.entrySet().stream()
          .map(e -> e.getKey().replace('.', '_') + e.getValue().suffix)
          .collect(Collectors.toUnmodifiableSet());

  private ProbeMetricNames() {}
}
