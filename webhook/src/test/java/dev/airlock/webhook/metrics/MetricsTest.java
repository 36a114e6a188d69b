package dev.airlock.webhook.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.webhook.testing.FakeRegistryClient;
import dev.airlock.webhook.testing.FakeSignatureVerifier;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.WebhookCalls;
import dev.airlock.webhook.testing.WebhookTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WebhookTestResource.class)
class MetricsTest {
  @TestHTTPResource(value = "/", tls = true)
  URL base;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject FakeRegistryClient registry;
  @Inject FakeSignatureVerifier verifier;

  @Test
  void scrape_afterAVerifiedAdmission_exportsEveryDeclaredName() {
    registry.put(
        "registry.internal/example/payments/metrics", "1", FakeRegistryClient.digestOf("metrics"));
    WebhookCalls calls = new WebhookCalls(base);
    calls.review(
        "/mutate", Reviews.review("Pod", "payments", "registry.example.com/payments/metrics:1"));

    String scrape = WebhookCalls.origin(management).get("/q/metrics").asString();

    for (String name : WebhookMetricNames.PROMETHEUS_NAMES) {
      assertThat(scrape).as(name).containsPattern("(?m)^" + name + "(_bucket|_count|_sum)?[{ ]");
    }
    assertThat(scrape)
        .contains("airlock_admission_duration_seconds_bucket{")
        .contains("airlock_registry_request_duration_seconds_bucket{")
        .contains("reason=\"unsigned\"")
        .contains("result=\"unsigned\"");
  }

  @Test
  void health_ready_whenPolicyAndMirrorMapLoaded() {
    WebhookCalls calls = WebhookCalls.origin(management);

    assertThat(calls.get("/q/health/ready").statusCode()).isEqualTo(200);
    assertThat(calls.get("/q/health/live").statusCode()).isEqualTo(200);
  }

  /** Health and metrics live on the plain management port only, never on the HTTPS port. */
  @Test
  void httpsPort_servesNeitherMetricsNorHealth() {
    WebhookCalls calls = new WebhookCalls(base);

    assertThat(calls.get("/q/metrics").statusCode()).isEqualTo(404);
    assertThat(calls.get("/q/health/ready").statusCode()).isEqualTo(404);
    assertThat(management.getProtocol()).isEqualTo("http");
  }
}
