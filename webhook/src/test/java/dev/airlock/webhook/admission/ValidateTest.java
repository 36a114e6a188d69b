package dev.airlock.webhook.admission;

import static dev.airlock.webhook.testing.FakeRegistryClient.digestOf;
import static dev.airlock.webhook.testing.WebhookCalls.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.WebhookTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WebhookTestResource.class)
class ValidateTest extends AdmissionTestBase {
  static final Digest REDIS = digestOf("redis");

  @Test
  void validate_unpinnedTagUnderVerifyDigestRule_denies() {
    registry.put("registry.internal/dockerhub/library/redis", "7.2", REDIS);

    JsonNode response = calls.review("/validate", Reviews.review("Pod", "default", "redis:7.2"));

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: redis:7.2: "
                + "not pinned to a digest (rule dockerhub requires one)");
  }

  @Test
  void validate_pinnedDigestPresentAtMirror_allowsWithoutPatch() {
    registry.put("registry.internal/dockerhub/library/redis", "7.2", REDIS);

    JsonNode response =
        calls.review("/validate", Reviews.review("Pod", "default", "redis:7.2@" + REDIS));

    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(patch(response)).isEmpty();
  }

  @Test
  void validate_pinnedButUnsigned_denies() {
    Digest checkout = digestOf("checkout");
    registry.put("registry.internal/example/payments/checkout", "2.14.3", checkout);
    String image = "registry.example.com/payments/checkout:2.14.3@" + checkout;

    JsonNode response = calls.review("/validate", Reviews.review("Pod", "payments", image));

    assertThat(response.at("/status/message").asText())
        .isEqualTo("spec.containers[0].image: " + image + ": no signature found at the mirror");
  }

  @Test
  void validate_deniesWhatMutateDenies_unmirrored() {
    JsonNode mutate = calls.review("/mutate", Reviews.review("Pod", "default", "ghcr.io/x/y:2"));
    JsonNode validate =
        calls.review("/validate", Reviews.review("Pod", "default", "ghcr.io/x/y:2"));

    assertThat(mutate.get("allowed").asBoolean()).isFalse();
    assertThat(validate.get("allowed").asBoolean()).isFalse();
    assertThat(validate.at("/status/message").asText())
        .isEqualTo(mutate.at("/status/message").asText());
  }
}
