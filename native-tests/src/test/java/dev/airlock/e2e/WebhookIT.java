package dev.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.testing.ServedApp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The packaged webhook against a real registry: it resolves tags at the mirror that the node's
 * {@code certs.d} names, verifies Cosign signatures pushed there, pins and denies — seen only
 * through its HTTPS endpoints. One registry and one webhook serve all tests; each test uses its own
 * images.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIT {
  private Path dir;
  private SignedMirror mirror;
  private ServedApp webhook;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("airlock-e2e-webhook");
    mirror = SignedMirror.start(dir);
    webhook = DeployedWebhook.start(mirror, dir.resolve("webhook"));
  }

  @AfterAll
  void stop() throws Exception {
    if (webhook != null) {
      webhook.close();
    }
    if (mirror != null) {
      mirror.close();
    }
  }

  @Test
  void health_readyAndLiveOverHttps_answer200() throws Exception {
    HttpResponse<String> ready = webhook.get("/q/health/ready");
    HttpResponse<String> live = webhook.get("/q/health/live");

    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
  }

  @Test
  void mutate_signedTag_pinsTagToDigestAtMirror() throws Exception {
    Digest digest = mirror.pushSigned("payments/api", "1.0");
    byte[] review = Reviews.pod("registry.example.com/payments/api:1.0");

    JsonNode response = webhook.review("/mutate", review);

    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    assertThat(Reviews.patchLines(response))
        .containsExactly(
            "replace /spec/containers/0/image=registry.example.com/payments/api:1.0@" + digest);
  }

  @Test
  void mutate_testdataPod_pinsBothTaggedContainersAndEchoesUid() throws Exception {
    Digest checkout = mirror.pushSigned("payments/checkout", "2.14.3");
    Digest envoy = mirror.pushFixedSigned("infra/envoy", "1.31");
    Digest fluent = mirror.pushSigned("infra/fluent-bit", "3.1.9");
    assertThat(envoy).hasToString(Reviews.TESTDATA_ENVOY_DIGEST);

    JsonNode response = webhook.review("/mutate", Reviews.testdataPod());

    assertThat(response.path("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(Reviews.patchLines(response))
        .containsExactly(
            "replace /spec/containers/0/image=registry.example.com/payments/checkout:2.14.3@"
                + checkout,
            "replace /spec/containers/2/image=registry.example.com/infra/fluent-bit:3.1.9@"
                + fluent);
  }

  @Test
  void mutate_dockerHubShortName_pinsKeepingTheSpellingAsWritten() throws Exception {
    Digest digest = mirror.pushSignedDockerHub("library/redis", "7.2");

    JsonNode response = webhook.review("/mutate", Reviews.pod("redis:7.2"));

    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(Reviews.patchLines(response))
        .containsExactly("replace /spec/containers/0/image=redis:7.2@" + digest);
  }

  @Test
  void mutate_deployment_pinsThePodTemplate() throws Exception {
    Digest digest = mirror.pushSigned("payments/worker", "5.0");

    JsonNode response =
        webhook.review("/mutate", Reviews.deployment("registry.example.com/payments/worker:5.0"));

    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(Reviews.patchLines(response))
        .containsExactly(
            "replace /spec/template/spec/containers/0/image="
                + "registry.example.com/payments/worker:5.0@"
                + digest);
  }

  @Test
  void validate_mutatedObject_isAllowed() throws Exception {
    mirror.pushSigned("payments/ledger", "3.2");
    byte[] review = Reviews.pod("registry.example.com/payments/ledger:3.2");
    JsonNode mutated = webhook.review("/mutate", review);
    assertThat(mutated.path("allowed").asBoolean()).as(mutated.toString()).isTrue();

    JsonNode response =
        webhook.review("/validate", Reviews.withObject(review, Reviews.patched(review, mutated)));

    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(response.has("patch")).isFalse();
  }

  @Test
  void validate_tagWithoutDigest_deniesNamingTheRule() throws Exception {
    mirror.pushSigned("payments/queue", "1.1");

    JsonNode response =
        webhook.review("/validate", Reviews.pod("registry.example.com/payments/queue:1.1"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: registry.example.com/payments/queue:1.1: "
                + "not pinned to a digest (rule example requires one)");
  }

  @Test
  void mutate_unsignedImage_deniesNamingFieldImageAndCause() throws Exception {
    mirror.pushUnsigned("payments/unsigned", "1.0");

    JsonNode response =
        webhook.review("/mutate", Reviews.pod("registry.example.com/payments/unsigned:1.0"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/code").asInt()).isEqualTo(403);
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: registry.example.com/payments/unsigned:1.0: "
                + "no signature found at the mirror");
    assertThat(response.has("patch")).isFalse();
  }

  @Test
  void mutate_signedByUntrustedKey_denies() throws Exception {
    mirror.pushSignedByStranger("payments/stranger", "1.0");

    JsonNode response =
        webhook.review("/mutate", Reviews.pod("registry.example.com/payments/stranger:1.0"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: registry.example.com/payments/stranger:1.0: "
                + "no signature by a trusted key");
  }

  @Test
  void mutate_tagMissingAtMirror_denies() throws Exception {
    JsonNode response =
        webhook.review("/mutate", Reviews.pod("registry.example.com/payments/absent:9.9"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: registry.example.com/payments/absent:9.9: tag 9.9 not found"
                + " at mirror "
                + mirror.mirrorLocation("payments/absent"));
  }

  @Test
  void mutate_unmirroredRegistry_deniesByDefault() throws Exception {
    JsonNode response = webhook.review("/mutate", Reviews.pod("quay.io/team/tool:1.0"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: quay.io/team/tool:1.0: "
                + "registry quay.io has no mirror in the hosts directory");
  }

  @Test
  void mutate_bodyThatIsNoAdmissionReview_answers400WithTheReason() throws Exception {
    HttpResponse<String> garbage = webhook.post("/mutate", utf8("{not json"));
    HttpResponse<String> empty = webhook.post("/validate", new byte[0]);
    HttpResponse<String> array = webhook.post("/mutate", utf8("[]"));
    HttpResponse<String> noRequest =
        webhook.post(
            "/mutate",
            utf8("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}"));

    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).startsWith("invalid JSON: ");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).isEqualTo("empty body: want an AdmissionReview");
    assertThat(array.statusCode()).isEqualTo(400);
    assertThat(array.body()).isEqualTo("AdmissionReview must be a JSON object");
    assertThat(noRequest.statusCode()).isEqualTo(400);
    assertThat(noRequest.body()).isEqualTo("AdmissionReview has no request");
  }

  @Test
  void mutate_bodyOver4MiB_answers413() throws Exception {
    String status = webhook.statusForHeadOnly("/mutate", 4 * 1024 * 1024 + 1024);

    assertThat(status).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
  }

  @Test
  void metrics_countReviewsByWebhookDecisionAndReason() throws Exception {
    mirror.pushSigned("payments/metered", "1.0");
    webhook.review("/mutate", Reviews.pod("registry.example.com/payments/metered:1.0"));
    webhook.post("/mutate", utf8("[]"));

    HttpResponse<String> metrics = webhook.get("/q/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    List<String> reviews =
        metrics
            .body()
            .lines()
            .filter(l -> l.startsWith("airlock_admission_reviews_total{"))
            .toList();
    assertThat(reviews)
        .anyMatch(
            l -> hasLabels(l, "webhook=\"mutate\"", "decision=\"allowed\"", "reason=\"verified\""))
        .anyMatch(
            l ->
                hasLabels(
                    l, "webhook=\"mutate\"", "decision=\"denied\"", "reason=\"bad_request\""));
    assertThat(metrics.body()).contains("airlock_admission_duration_seconds_bucket{");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean hasLabels(String line, String... labels) {
    for (String label : labels) {
      if (!line.contains(label)) {
        return false;
      }
    }
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1.0;
  }
}
