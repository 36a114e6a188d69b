package dev.airlock.webhook.metrics;

import java.util.Set;

/**
 * The webhook's metric names (design.md "Metric names"), declared once. Micrometer names are
 * dotted; {@link #PROMETHEUS_NAMES} are the names as they appear in {@code /q/metrics} (histograms
 * by base name, exported with {@code _bucket}, {@code _count} and {@code _sum} series).
 */
public final class WebhookMetricNames {
  public static final String ADMISSION_REVIEWS = "airlock.admission.reviews";
  public static final String ADMISSION_DURATION = "airlock.admission.duration";
  public static final String IMAGE_VERIFICATIONS = "airlock.image.verifications";
  public static final String REGISTRY_REQUEST_DURATION = "airlock.registry.request.duration";
  public static final String CACHE_REQUESTS = "airlock.cache.requests";
  public static final String POLICY_RELOAD_ERRORS = "airlock.policy.reload.errors";

  /** Exported Prometheus names; the chart's alert rules may only use these. */
  public static final Set<String> PROMETHEUS_NAMES =
      Set.of(
          "airlock_admission_reviews_total",
          "airlock_admission_duration_seconds",
          "airlock_image_verifications_total",
          "airlock_registry_request_duration_seconds",
          "airlock_cache_requests_total",
          "airlock_policy_reload_errors_total");

  private WebhookMetricNames() {}
}
