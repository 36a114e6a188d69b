package dev.airlock.probe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The mirror probes' series: up, certificate expiry, pulls, disk. */
@Singleton
public class MirrorMetrics {
  /**
   * Pull-duration buckets (seconds): a manifest pull through a healthy mirror takes well under 1s.
   */
  static final Duration[] PULL_BUCKETS = {
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  /** Result label of {@code airlock_mirror_pulls_total}. */
  public enum PullResult {
    ok,
    failed
  }

  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

  public MirrorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void up(String mirror, boolean up) {
    gauge(ProbeMetricNames.MIRROR_UP, mirror, "1 when the mirror answered GET /v2/ with 200 or 401")
        .set(up ? 1.0 : 0.0);
  }

  public void certificateExpiry(String mirror, Instant notAfter) {
    gauge(
            ProbeMetricNames.MIRROR_TLS_EXPIRY,
            mirror,
            "Earliest notAfter of the certificate chain the mirror presented")
        .set((double) notAfter.getEpochSecond());
  }

  public void diskUsed(String mirror, double ratio) {
    gauge(ProbeMetricNames.MIRROR_DISK_USED, mirror, "Used fraction of the mirror's storage")
        .set(ratio);
  }

  /** One pull attempt that reached a mirror: its duration and result. */
  public void pull(String mirror, String image, PullResult result, Duration took) {
    Timer.builder(ProbeMetricNames.MIRROR_PULL_DURATION)
        .description("Time to resolve an image and fetch its manifest through the mirror")
        .tag("mirror", mirror)
        .serviceLevelObjectives(PULL_BUCKETS)
        .register(registry)
        .record(took);
    pulled(mirror, image, result);
  }

  /** A pull that failed before reaching a mirror (unmirrored image, broken configuration). */
  public void pulled(String mirror, String image, PullResult result) {
    Counter.builder(ProbeMetricNames.MIRROR_PULLS)
        .description("Image pulls through the mirror by image and result")
        .tag("mirror", mirror)
        .tag("image", image)
        .tag("result", result.name())
        .register(registry)
        .increment();
  }

  private AtomicReference<Double> gauge(String name, String mirror, String description) {
    return gauges.computeIfAbsent(
        name + "\n" + mirror,
        key -> {
          AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
          Gauge.builder(name, value, AtomicReference::get)
              .description(description)
              .tag("mirror", mirror)
              .register(registry);
          return value;
        });
  }
}
