package dev.airlock.webhook.admission;

import dev.airlock.oci.registry.Deadline;
import dev.airlock.webhook.admission.ImageOutcome.Failed;
import dev.airlock.webhook.audit.AuditLog;
import dev.airlock.webhook.config.AdmissionConfig;
import dev.airlock.webhook.metrics.WebhookMetrics;
import dev.airlock.webhook.policy.Policy;
import dev.airlock.webhook.policy.PolicyHolder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The request path after decoding: image sites → one check per distinct image (repeats across
 * containers are checked once, all images in parallel) → decision, bounded by the deadline: an
 * image whose check has not finished when the deadline passes is a timeout failure.
 */
@ApplicationScoped
public class AdmissionService {
  private static final java.time.Duration GRACE = java.time.Duration.ofMillis(100);
  private final PolicyHolder policies;
  private final ImageCheck images;
  private final WorkerPool pool;
  private final WebhookMetrics metrics;
  private final AuditLog audit;
  private final AdmissionConfig config;

  public AdmissionService(
      PolicyHolder policies,
      ImageCheck images,
      WorkerPool pool,
      WebhookMetrics metrics,
      AuditLog audit,
      AdmissionConfig config) {
    this.config = config;
    this.pool = pool;
    this.policies = policies;
    this.images = images;
    this.metrics = metrics;
    this.audit = audit;
  }

  public ReviewResult review(Webhook webhook, AdmissionRequest request, Deadline deadline) {
    List<SiteOutcome> outcomes = List.of();
    ReviewResult result;
    Policy policy = policies.current();
    if (request.runsNothing() || policy.excludes(request.namespace())) {
      result = ReviewResult.allow(Reason.EXCLUDED);
    } else if (!ImageSites.covers(request.kind())) {
      // Only kinds the chart registers reach the webhook; one it cannot walk is not proven.
      result =
          ReviewResult.deny(
              Reason.MALFORMED,
              "airlock cannot check objects of kind "
                  + request.kind()
                  + ": its webhook rules and image locations disagree");
    } else if (distinctImages(request) > config.maxImages()) {
      result =
          ReviewResult.deny(
              Reason.MALFORMED,
              "the object names "
                  + distinctImages(request)
                  + " distinct images; at most "
                  + config.maxImages()
                  + " are checked in one admission (airlock.admission.max-images)");
    } else {
      outcomes = check(webhook, request, policy, deadline);
      result = AdmissionResponder.respond(webhook, outcomes);
    }
    metrics.review(webhook.label(), result.allowed(), result.reason().label());
    audit.record(AuditLines.of(webhook, request, outcomes, result));
    return result;
  }

  private static long distinctImages(AdmissionRequest request) {
    return request.sites().stream().map(site -> String.valueOf(site.written())).distinct().count();
  }

  /**
   * One check per distinct image. An image whose answer needs no registry request (refused early,
   * or digest and verdict cached) is answered here; every other is checked on a worker-pool thread,
   * all in parallel, which loads the digest and then the signatures itself (one hand-off per image,
   * none on the warm path). This thread stops waiting at the deadline (plus a grace) whatever a
   * check does: an answer in time is structural, not a promise of every step below.
   */
  private List<SiteOutcome> check(
      Webhook webhook, AdmissionRequest request, Policy policy, Deadline deadline) {
    List<ImageSite> sites = request.sites();
    Map<String, CompletableFuture<ImageOutcome>> byImage = new LinkedHashMap<>();
    for (ImageSite site : sites) {
      byImage.computeIfAbsent(
          String.valueOf(site.written()),
          k -> check(webhook, site.written(), policy, request.namespace(), deadline));
    }
    awaitAll(byImage.values(), deadline);
    List<SiteOutcome> outcomes = new ArrayList<>(sites.size());
    for (ImageSite site : sites) {
      outcomes.add(new SiteOutcome(site, outcomeOf(byImage.get(String.valueOf(site.written())))));
    }
    return outcomes;
  }

  private CompletableFuture<ImageOutcome> check(
      Webhook webhook, String written, Policy policy, String namespace, Deadline deadline) {
    Optional<ImageOutcome> cached = images.fromCache(webhook, written, policy, namespace, deadline);
    if (cached.isPresent()) {
      return CompletableFuture.completedFuture(cached.get());
    }
    return pool.supply(() -> images.check(webhook, written, policy, namespace, deadline))
        .thenCompose(outcome -> outcome);
  }

  private static void awaitAll(
      java.util.Collection<CompletableFuture<ImageOutcome>> futures, Deadline deadline) {
    try {
      // The registry and signature steps time out at the deadline themselves (with the rule
      // attached, so audit rules still only warn); the grace lets those outcomes arrive. It is far
      // inside the margin kept from kube-apiserver's timeout.
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(deadline.remaining().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // unfinished checks become timeouts below; ImageCheck never completes exceptionally
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ImageOutcome outcomeOf(CompletableFuture<ImageOutcome> future) {
    if (future.isDone() && !future.isCompletedExceptionally()) {
      return future.join();
    }
    return new Failed(
        Reason.TIMEOUT, Optional.empty(), Optional.empty(), FailureOutcomes.TIMEOUT_CAUSE);
  }
}
