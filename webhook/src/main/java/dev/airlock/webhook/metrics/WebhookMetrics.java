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
import java.util.List;

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
    Counter.builder(ADMISSION_REVIEWS)
        .description("Admission reviews answered")
        .tag("webhook", webhook)
        .tag("decision", allowed ? "allowed" : "denied")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public Timer admissionTimer(String webhook) {
    return histogram(ADMISSION_DURATION, "Time to answer an admission review")
        .tag("webhook", webhook)
        .register(registry);
  }

  public void verification(String result) {
    Counter.builder(IMAGE_VERIFICATIONS)
        .description("Signature verifications of image digests (not counting cache hits)")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  public Timer registryTimer(String operation) {
    return histogram(REGISTRY_REQUEST_DURATION, "Registry calls made by the webhook")
        .tag("operation", operation)
        .register(registry);
  }

  public void cache(String cache, boolean hit) {
    Counter.builder(CACHE_REQUESTS)
        .description("Cache lookups")
        .tag("cache", cache)
        .tag("result", hit ? "hit" : "miss")
        .register(registry)
        .increment();
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
