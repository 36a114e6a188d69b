package dev.airlock.webhook.admission;

import static dev.airlock.webhook.testing.FakeRegistryClient.digestOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.WebhookTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WebhookTestResource.class)
class CoalescingTest extends AdmissionTestBase {
  private static final int ADMISSIONS = 500;

  @Inject AdmissionService service;
  @Inject AdmissionReviewDecoder decoder;
  @Inject MeterRegistry meters;

  private double digestHits() {
    var counter =
        meters.find("airlock.cache.requests").tag("cache", "digest").tag("result", "hit").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void review_500SimultaneousAdmissionsOfOneNewImage_oneRegistryRoundTripOneVerification()
      throws Exception {
    Digest digest = digestOf("coalesced");
    registry.put("registry.internal/example/payments/coalesced", "1.0", digest);
    verifier.sign(digest);
    AdmissionRequest request =
        decoder.decode(
            Reviews.bytes(
                Reviews.review("Pod", "payments", "registry.example.com/payments/coalesced:1.0")));
    CountDownLatch gate = new CountDownLatch(1);
    registry.gate(gate);
    double hitsBefore = digestHits();
    ExecutorService pool = Executors.newFixedThreadPool(ADMISSIONS);
    try {
      List<Future<ReviewResult>> results = new ArrayList<>();
      for (int i = 0; i < ADMISSIONS; i++) {
        results.add(
            pool.submit(
                () ->
                    service.review(
                        Webhook.MUTATE, request, Deadline.after(Duration.ofSeconds(60)))));
      }
      // Every admission has joined the one in-flight lookup before the mirror answers.
      Instant limit = Instant.now().plusSeconds(60);
      while (digestHits() < hitsBefore + ADMISSIONS - 1 && Instant.now().isBefore(limit)) {
        Thread.sleep(20);
      }
      gate.countDown();
      for (Future<ReviewResult> result : results) {
        assertThat(result.get().allowed()).isTrue();
        assertThat(result.get().patch()).hasSize(1);
      }
    } finally {
      gate.countDown();
      pool.shutdownNow();
    }

    assertThat(digestHits()).isEqualTo(hitsBefore + ADMISSIONS - 1);
    assertThat(registry.resolves()).isEqualTo(1);
    assertThat(verifier.calls()).isEqualTo(1);
  }
}
