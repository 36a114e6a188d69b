package dev.airlock.webhook.metrics;

import static dev.airlock.webhook.metrics.WebhookMetricNames.ADMISSION_DURATION;
import static dev.airlock.webhook.metrics.WebhookMetricNames.ADMISSION_REVIEWS;
import static dev.airlock.webhook.metrics.WebhookMetricNames.CACHE_REQUESTS;
import static dev.airlock.webhook.metrics.WebhookMetricNames.IMAGE_VERIFICATIONS;
import static dev.airlock.webhook.metrics.WebhookMetricNames.POLICY_RELOAD_ERRORS;
import static dev.airlock.webhook.metrics.WebhookMetricNames.REGISTRY_REQUEST_DURATION;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the webhook's metrics. Labels come from closed sets only (never an image or digest).
 * Histograms are published with fixed buckets.
 */
@ApplicationScoped
public class WebhookMetrics {
  /** Registry operations timed by {@code airlock_registry_request_duration_seconds}. */
  public static final List<String> REGISTRY_OPERATIONS =
      List.of("resolve", "manifest", "blob", "blob_exists", "referrers");

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;
  private final Counter policyReloadErrors;

  /**
   * Meters by name and tags, built once: registering through a builder on every admission cost
   * about a tenth of the warm path (JFR under bench/run.sh). Tags come from closed sets, so this
   * stays small.
   */
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

  private final Map<String, Timer> admissionTimers = new ConcurrentHashMap<>();
  private final Map<String, Timer> registryTimers = new ConcurrentHashMap<>();

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.policyReloadErrors =
        Counter.builder(POLICY_RELOAD_ERRORS)
            .description("Policy files that could not be loaded on change")
            .register(registry);
    admissionTimer("mutate");
    admissionTimer("validate");
    REGISTRY_OPERATIONS.forEach(this::registryTimer);
  }

  public void review(String webhook, boolean allowed, String reason) {
    counter(
            ADMISSION_REVIEWS,
            "Admission reviews answered",
            "webhook",
            webhook,
            "decision",
            allowed ? "allowed" : "denied",
            "reason",
            reason)
        .increment();
  }

  public Timer admissionTimer(String webhook) {
    return admissionTimers.computeIfAbsent(
        webhook,
        w ->
            histogram(ADMISSION_DURATION, "Time to answer an admission review")
                .tag("webhook", w)
                .register(registry));
  }

  public void verification(String result) {
    counter(
            IMAGE_VERIFICATIONS,
            "Signature verifications of image digests (not counting cache hits)",
            "result",
            result)
        .increment();
  }

  public Timer registryTimer(String operation) {
    return registryTimers.computeIfAbsent(
        operation,
        o ->
            histogram(REGISTRY_REQUEST_DURATION, "Registry calls made by the webhook")
                .tag("operation", o)
                .register(registry));
  }

  public void cache(String cache, boolean hit) {
    counter(CACHE_REQUESTS, "Cache lookups", "cache", cache, "result", hit ? "hit" : "miss")
        .increment();
  }

  /** The counter {@code name} with {@code tags} (key, value, …), registered on first use. */
  private Counter counter(String name, String description, String... tags) {
    List<String> key = new ArrayList<>(tags.length + 1);
    key.add(name);
    key.addAll(Arrays.asList(tags));
    return counters.computeIfAbsent(
        key, k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }

  public void policyReloadError() {
    policyReloadErrors.increment();
  }

  public double policyReloadErrors() {
    return policyReloadErrors.count();
  }

  private static Timer.Builder histogram(String name, String description) {
    return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
  }
}
