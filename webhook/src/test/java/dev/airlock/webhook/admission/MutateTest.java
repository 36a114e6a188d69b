package dev.airlock.webhook.admission;

import static dev.airlock.webhook.testing.FakeRegistryClient.digestOf;
import static dev.airlock.webhook.testing.WebhookCalls.patch;
import static dev.airlock.webhook.testing.WebhookCalls.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.TestPolicies;
import dev.airlock.webhook.testing.WebhookTestResource;
import dev.airlock.webhook.verify.VerificationFailure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(WebhookTestResource.class)
class MutateTest extends AdmissionTestBase {
  static final String ENVOY_HEX =
      "4c3b1d6e8f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c";
  static final Digest CHECKOUT = digestOf("checkout");
  static final Digest FLUENT = digestOf("fluent-bit");
  static final Digest REDIS = digestOf("redis");

  private Digest envoy() throws Exception {
    return Digest.parse("sha256:" + ENVOY_HEX);
  }

  private void mirrorTestdataImages() throws Exception {
    registry.put("registry.internal/example/payments/checkout", "2.14.3", CHECKOUT);
    registry.put("registry.internal/example/infra/envoy", envoy().toString(), envoy());
    registry.put("registry.internal/example/infra/fluent-bit", "3.1.9", FLUENT);
    verifier.sign(CHECKOUT);
    verifier.sign(envoy());
    verifier.sign(FLUENT);
  }

  @Test
  void mutate_testdataPod_pinsTagsToMirrorDigestsAndEchoesUid() throws Exception {
    mirrorTestdataImages();

    JsonNode response = calls.review("/mutate", Reviews.testdataPod());

    assertThat(response.get("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.get("patchType").asText()).isEqualTo("JSONPatch");
    assertThat(patch(response))
        .containsExactly(
            "replace /spec/containers/0/image=registry.example.com/payments/checkout:2.14.3@"
                + CHECKOUT,
            "replace /spec/containers/2/image=registry.example.com/infra/fluent-bit:3.1.9@"
                + FLUENT);
  }

  @Test
  void mutate_pinnedImageWhoseDigestChecksOut_isLeftAsIs() throws Exception {
    mirrorTestdataImages();
    ObjectNode review =
        Reviews.review(
            "Pod", "payments", "registry.example.com/payments/checkout:2.14.3@" + CHECKOUT);

    JsonNode response = calls.review("/mutate", review);

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("patchType")).isFalse();
  }

  @Test
  void mutate_pinnedDigestMissingAtMirror_denies() throws Exception {
    registry.put("registry.internal/example/payments/checkout", "2.14.3", CHECKOUT);
    registry.put("registry.internal/example/infra/fluent-bit", "3.1.9", FLUENT);
    verifier.sign(CHECKOUT);
    verifier.sign(FLUENT);

    JsonNode response = calls.review("/mutate", Reviews.testdataPod());

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/code").asInt()).isEqualTo(403);
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[1].image: registry.example.com/infra/envoy@sha256:"
                + ENVOY_HEX
                + ": digest sha256:"
                + ENVOY_HEX
                + " not found at mirror registry.internal/example/infra/envoy");
    assertThat(response.has("patch")).isFalse();
  }

  @Test
  void mutate_untrustedAndUnsigned_deniesEachWithFieldImageAndCause() throws Exception {
    mirrorTestdataImages();
    verifier.reset();
    verifier.sign(envoy());
    verifier.fail(CHECKOUT, VerificationFailure.UNTRUSTED);

    JsonNode response = calls.review("/mutate", Reviews.testdataPod());

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: registry.example.com/payments/checkout:2.14.3: "
                + "no signature by a trusted key; "
                + "spec.containers[2].image: registry.example.com/infra/fluent-bit:3.1.9: "
                + "no signature found at the mirror");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "IDENTITY_MISMATCH:trusted signature is for another image: registry.example.com/payments/other",
        "DIGEST_MISMATCH:trusted signature is for another digest: sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "MALFORMED:malformed signature: signature annotation is not base64",
        "ERROR:signature lookup at the mirror failed: connection refused"
      })
  void mutate_verificationFailure_deniesWithTheVerifiersMessage(String failureAndCause)
      throws Exception {
    String[] parts = failureAndCause.split(":", 2);
    registry.put("registry.internal/example/payments/checkout", "2.14.3", CHECKOUT);
    verifier.fail(CHECKOUT, VerificationFailure.valueOf(parts[0]));

    JsonNode response =
        calls.review(
            "/mutate",
            Reviews.review("Pod", "payments", "registry.example.com/payments/checkout:2.14.3"));

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: registry.example.com/payments/checkout:2.14.3: " + parts[1]);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Pod",
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "ReplicationController",
        "PodTemplate"
      })
  void mutate_everyWorkloadKind_pinsEveryContainerList(String kind) {
    registry.put("registry.internal/dockerhub/library/redis", "7.2", REDIS);
    registry.put("registry.internal/dockerhub/library/busybox", "1.36", digestOf("busybox"));
    ObjectNode podSpec = Reviews.JSON.createObjectNode();
    podSpec.putArray("containers").addObject().put("name", "app").put("image", "redis:7.2");
    podSpec.putArray("initContainers").addObject().put("name", "init").put("image", "busybox:1.36");
    podSpec
        .putArray("ephemeralContainers")
        .addObject()
        .put("name", "debug")
        .put("image", "docker.io/library/redis:7.2");

    JsonNode response = calls.review("/mutate", Reviews.review(kind, "default", podSpec));

    String prefix = "/" + String.join("/", Reviews.POD_SPEC.get(kind));
    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(patch(response))
        .containsExactly(
            "replace " + prefix + "/containers/0/image=redis:7.2@" + REDIS,
            "replace " + prefix + "/initContainers/0/image=busybox:1.36@" + digestOf("busybox"),
            "replace "
                + prefix
                + "/ephemeralContainers/0/image=docker.io/library/redis:7.2@"
                + REDIS);
  }

  /** Regression (issue 12, finding 1): image volumes were never checked. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "Pod",
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "ReplicationController",
        "PodTemplate"
      })
  void mutate_imageVolumeUnsigned_deniedInEveryWorkloadKind(String kind) {
    registry.put("registry.internal/dockerhub/library/redis", "7.2", REDIS);
    registry.put("registry.internal/example/payments/models", "1", digestOf("models"));
    ObjectNode podSpec = Reviews.JSON.createObjectNode();
    podSpec.putArray("containers").addObject().put("name", "app").put("image", "redis:7.2");
    ArrayNode volumes = podSpec.putArray("volumes");
    volumes.addObject().put("name", "scratch").putObject("emptyDir");
    volumes
        .addObject()
        .put("name", "models")
        .putObject("image")
        .put("reference", "registry.example.com/payments/models:1")
        .put("pullPolicy", "IfNotPresent");

    for (String path : List.of("/mutate", "/validate")) {
      JsonNode response = calls.review(path, Reviews.review(kind, "payments", podSpec));

      String field = String.join(".", Reviews.POD_SPEC.get(kind));
      assertThat(response.get("allowed").asBoolean()).as(path).isFalse();
      assertThat(response.at("/status/message").asText())
          .as(path)
          .endsWith(
              field
                  + ".volumes[1].image.reference: registry.example.com/payments/models:1: "
                  + (path.equals("/mutate")
                      ? "no signature found at the mirror"
                      : "not pinned to a digest (rule signed requires one)"));
    }
  }

  @Test
  void mutate_imageVolumeSigned_pinnedLikeAContainerImage() {
    Digest models = digestOf("models");
    registry.put("registry.internal/example/payments/models", "1", models);
    verifier.sign(models);
    ObjectNode podSpec = Reviews.JSON.createObjectNode();
    podSpec
        .putArray("volumes")
        .addObject()
        .put("name", "models")
        .putObject("image")
        .put("reference", "registry.example.com/payments/models:1");

    JsonNode response = calls.review("/mutate", Reviews.review("Deployment", "payments", podSpec));

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(patch(response))
        .containsExactly(
            "replace /spec/template/spec/volumes/0/image/reference="
                + "registry.example.com/payments/models:1@"
                + models);
    JsonNode pinned =
        calls.review(
            "/validate",
            Reviews.review(
                "Deployment",
                "payments",
                (ObjectNode)
                    Reviews.JSON
                        .createObjectNode()
                        .set(
                            "volumes",
                            Reviews.JSON
                                .createArrayNode()
                                .add(
                                    Reviews.JSON
                                        .createObjectNode()
                                        .put("name", "models")
                                        .set(
                                            "image",
                                            Reviews.JSON
                                                .createObjectNode()
                                                .put(
                                                    "reference",
                                                    "registry.example.com/payments/models:1@"
                                                        + models))))));
    assertThat(pinned.get("allowed").asBoolean()).as(pinned.toString()).isTrue();
  }

  /**
   * Regression (attacker review): a kind the image walk does not know was allowed as "excluded"
   * (e.g. EphemeralContainers, what Kubernetes 1.22 sends for pods/ephemeralcontainers).
   */
  @Test
  void mutate_kindAirlockCannotWalk_denied() {
    ObjectNode review = Reviews.review("Pod", "default", "redis:7.2");
    Reviews.request(review).with("kind").put("kind", "ReplicaSetTemplate");
    Reviews.request(review).with("object").put("kind", "ReplicaSetTemplate");

    JsonNode response = calls.review("/mutate", review);

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "airlock cannot check objects of kind ReplicaSetTemplate: its webhook rules and image"
                + " locations disagree");
  }

  @Test
  void mutate_legacyEphemeralContainersKind_checksTheTopLevelList() {
    ObjectNode review = Reviews.review("Pod", "default", "redis:7.2");
    ObjectNode request = Reviews.request(review);
    request.with("kind").put("kind", "EphemeralContainers");
    request.put("operation", "UPDATE").put("subResource", "ephemeralcontainers");
    ObjectNode object = Reviews.JSON.createObjectNode();
    object.put("kind", "EphemeralContainers");
    object
        .putArray("ephemeralContainers")
        .addObject()
        .put("name", "debug")
        .put("image", "quay.io/debug/tools:1");
    request.set("object", object);

    JsonNode response = calls.review("/mutate", review);

    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "ephemeralContainers[0].image: quay.io/debug/tools:1: registry quay.io has no mirror"
                + " in the hosts directory");
  }

  /** Regression (attacker review): one forged object of thousands of images fanned out. */
  @Test
  void mutate_moreDistinctImagesThanTheLimit_deniedWithoutRegistryCalls() {
    String[] images = new String[129];
    for (int i = 0; i < images.length; i++) {
      images[i] = "redis:tag-" + i;
    }

    JsonNode response = calls.review("/mutate", Reviews.review("Pod", "default", images));

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "the object names 129 distinct images; at most 128 are checked in one admission"
                + " (airlock.admission.max-images)");
    assertThat(registry.resolves()).isZero();
  }

  @Test
  void mutate_ephemeralContainersSubresource_checksTheDebugImage() {
    ObjectNode podSpec = Reviews.JSON.createObjectNode();
    podSpec
        .putArray("containers")
        .addObject()
        .put("name", "app")
        .put("image", "redis:7.2@" + REDIS);
    podSpec
        .putArray("ephemeralContainers")
        .addObject()
        .put("name", "debugger")
        .put("image", "quay.io/debug/tools:1");
    ObjectNode review = Reviews.review("Pod", "default", podSpec);
    Reviews.request(review).put("operation", "UPDATE").put("subResource", "ephemeralcontainers");
    registry.put("registry.internal/dockerhub/library/redis", "7.2", REDIS);

    JsonNode response = calls.review("/mutate", review);

    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.ephemeralContainers[0].image: quay.io/debug/tools:1: "
                + "registry quay.io has no mirror in the hosts directory");
  }

  @Test
  void mutate_unmatchedAndUnmirroredDenied_byDefault() {
    JsonNode response =
        calls.review(
            "/mutate",
            Reviews.review("Pod", "default", "registry.example.com/other/app:1", "ghcr.io/x/y:2"));

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: registry.example.com/other/app:1: "
                + "no policy rule covers mirror location registry.internal/example/other/app; "
                + "spec.containers[1].image: ghcr.io/x/y:2: "
                + "registry ghcr.io has no mirror in the hosts directory");
  }

  @Test
  void mutate_unmatchedAndUnmirroredAllowed_whenPolicySaysAllow() throws Exception {
    usePolicy(TestPolicies.policy("allow", "allow"));

    JsonNode response =
        calls.review(
            "/mutate",
            Reviews.review("Pod", "default", "registry.example.com/other/app:1", "ghcr.io/x/y:2"));

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(registry.resolves()).isZero();
  }

  @Test
  void mutate_invalidReference_deniesAsInvalid() {
    JsonNode response = calls.review("/mutate", Reviews.review("Pod", "default", "Redis:7"));

    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: Redis:7: invalid image reference: "
                + "repository name \"library/Redis\" must be lowercase");
  }

  @Test
  void mutate_auditRuleFailing_allowsWithShortWarning() {
    registry.put("registry.internal/example/audited/tool", "1.0", digestOf("tool"));

    JsonNode response =
        calls.review(
            "/mutate", Reviews.review("Pod", "default", "registry.example.com/audited/tool:1.0"));

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(warnings(response))
        .containsExactly(
            "audit: spec.containers[0].image: registry.example.com/audited/tool:1.0: "
                + "no signature found at the mirror");
    assertThat(patch(response)).isEmpty();
  }

  @Test
  void mutate_auditWarningLongerThan120_isTruncated() {
    String image = "registry.example.com/audited/" + "a".repeat(80) + ":1.0";

    JsonNode response = calls.review("/mutate", Reviews.review("Pod", "default", image));

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(warnings(response)).hasSize(1);
    assertThat(warnings(response).get(0))
        .hasSize(120)
        .startsWith("audit: spec.containers[0]")
        .endsWith("...");
  }

  @Test
  void mutate_excludedNamespace_allowedUntouched() {
    JsonNode response =
        calls.review("/mutate", Reviews.review("Pod", "kube-system", "ghcr.io/x/y:2", "Bad:Ref"));

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("warnings")).isFalse();
  }

  @Test
  void mutate_delete_allowedWithoutWork() {
    ObjectNode review = Reviews.review("Pod", "default", "ghcr.io/x/y:2");
    Reviews.request(review).put("operation", "DELETE").remove("object");

    JsonNode response = calls.review("/mutate", review);

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.get("uid").asText()).isEqualTo(Reviews.UID);
  }

  @Test
  void mutate_dryRun_isCheckedLikeAnyOther() {
    ObjectNode review = Reviews.review("Pod", "default", "ghcr.io/x/y:2");
    Reviews.request(review).put("dryRun", true);

    JsonNode response = calls.review("/mutate", review);

    assertThat(response.get("allowed").asBoolean()).isFalse();
  }

  @Test
  void mutate_mirrorNeverAnswers_deniedWithTimeoutBeforeTheDeadline() {
    ObjectNode review = Reviews.review("Pod", "default", "hang.example/app:1");

    io.restassured.response.Response r = calls.post("/mutate?timeout=3s", Reviews.bytes(review));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.jsonPath().getBoolean("response.allowed")).isFalse();
    assertThat(r.jsonPath().getString("response.status.message"))
        .isEqualTo(
            "spec.containers[0].image: hang.example/app:1: "
                + "no answer from the mirror before the admission deadline");
  }

  @Test
  void mutate_mirrorRefuses_deniedWithRegistryError() {
    JsonNode response =
        calls.review("/mutate", Reviews.review("Pod", "default", "broken.example/app:1"));

    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: broken.example/app:1: "
                + "mirror broken.internal/app: connection refused");
  }

  @Test
  void mutate_tagMissingAtMirror_denied() {
    JsonNode response = calls.review("/mutate", Reviews.review("Pod", "default", "redis:9.9"));

    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: redis:9.9: "
                + "tag 9.9 not found at mirror registry.internal/dockerhub/library/redis");
  }

  @Test
  void mutate_imageRepeatedAcrossContainers_checkedOnce() {
    registry.put("registry.internal/example/payments/checkout", "2.14.3", CHECKOUT);
    verifier.sign(CHECKOUT);
    String image = "registry.example.com/payments/checkout:2.14.3";

    JsonNode response =
        calls.review("/mutate", Reviews.review("Pod", "payments", image, image, image));

    assertThat(patch(response)).hasSize(3);
    assertThat(registry.resolves()).isEqualTo(1);
    assertThat(verifier.calls()).isEqualTo(1);
  }

  @Test
  void mutate_manySimultaneousAdmissionsOfOneNewImage_oneRegistryRoundTrip() throws Exception {
    registry.put("registry.internal/example/payments/checkout", "2.14.3", CHECKOUT);
    verifier.sign(CHECKOUT);
    byte[] body =
        Reviews.bytes(
            Reviews.review("Pod", "payments", "registry.example.com/payments/checkout:2.14.3"));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> answers =
          pool.invokeAll(
              java.util.Collections.nCopies(64, () -> calls.post("/mutate", body).statusCode()));
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(registry.resolves()).isEqualTo(1);
    assertThat(verifier.calls()).isEqualTo(1);
  }
}
