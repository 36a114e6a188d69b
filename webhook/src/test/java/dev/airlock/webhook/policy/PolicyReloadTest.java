package dev.airlock.webhook.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.webhook.config.PolicyConfig;
import dev.airlock.webhook.metrics.WebhookMetrics;
import dev.airlock.webhook.testing.FakeSigstore;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.TestPolicies;
import dev.airlock.webhook.testing.WebhookCalls;
import dev.airlock.webhook.testing.WebhookTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WebhookTestResource.class)
class PolicyReloadTest {
  @TestHTTPResource(value = "/", tls = true)
  URL base;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject PolicyHolder policies;
  @Inject PolicyConfig config;
  @Inject WebhookMetrics metrics;

  @AfterEach
  void restore() throws Exception {
    Files.writeString(config.file(), TestPolicies.DEFAULT);
    policies.checkNow();
  }

  @Test
  void reload_goodNewFile_newRulesApply() throws Exception {
    JsonNode before =
        new WebhookCalls(base).review("/mutate", Reviews.review("Pod", "default", "ghcr.io/x/y:2"));
    assertThat(before.get("allowed").asBoolean()).isFalse();

    Files.writeString(config.file(), TestPolicies.policy("deny", "allow"));
    assertThat(policies.checkNow()).isTrue();

    JsonNode after =
        new WebhookCalls(base).review("/mutate", Reviews.review("Pod", "default", "ghcr.io/x/y:2"));
    assertThat(after.get("allowed").asBoolean()).isTrue();
  }

  @Test
  void reload_symlinkSwapLikeConfigMap_isPickedUp() throws Exception {
    Path dir = config.file().getParent();
    Path data = Files.createDirectories(dir.resolve("..data-2"));
    Files.writeString(data.resolve("policy.yaml"), TestPolicies.policy("allow", "allow"));
    Path original = dir.resolve("policy.yaml.orig");
    Files.move(config.file(), original);
    Files.createSymbolicLink(config.file(), data.resolve("policy.yaml"));
    try {
      assertThat(policies.checkNow()).isTrue();
      assertThat(policies.current().unmirroredImages()).isEqualTo(Action.ALLOW);
    } finally {
      Files.delete(config.file());
      Files.move(original, config.file());
    }
  }

  @Test
  void reload_brokenNewFile_keepsLastGoodAndCountsOnce() throws Exception {
    Policy good = policies.current();
    double errors = metrics.policyReloadErrors();

    Files.writeString(
        config.file(), TestPolicies.DEFAULT.replace("mode: audit", "mode: sometimes"));
    assertThat(policies.checkNow()).isFalse();
    assertThat(policies.checkNow()).isFalse();

    assertThat(policies.current()).isSameAs(good);
    assertThat(metrics.policyReloadErrors()).isEqualTo(errors + 1);
    String scrape = WebhookCalls.origin(management).get("/q/metrics").asString();
    assertThat(scrape).contains("airlock_policy_reload_errors_total " + (errors + 1));
  }

  @Test
  void reload_trustedRootChangedPolicyTextNot_isAppliedAgain() throws Exception {
    Path dir = Files.createTempDirectory("airlock-root");
    Path root = new FakeSigstore().writeTrustedRoot(dir);
    String keyless =
        """
        apiVersion: airlock.dev/v1alpha1
        kind: AdmissionPolicy
        spec:
          rules:
            - name: keyless
              images: ["**"]
              attestors:
                - entries:
                    - keyless:
                        trustedRoot: %s
                        identities: [{issuer: "https://issuer.example", subject: "ci@example"}]
        """
            .formatted(root);
    Files.writeString(config.file(), keyless);
    assertThat(policies.checkNow()).isTrue();
    assertThat(policies.checkNow()).isFalse();

    Files.copy(
        new FakeSigstore().writeTrustedRoot(Files.createTempDirectory("airlock-root2")),
        root,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThat(policies.checkNow()).as("a new CA in the trusted root is a policy change").isTrue();
    assertThat(policies.checkNow()).isFalse();
  }

  @Test
  void reload_invalidPublicKey_keepsLastGoodPolicy() throws Exception {
    Policy good = policies.current();
    double errors = metrics.policyReloadErrors();

    Files.writeString(
        config.file(),
        TestPolicies.DEFAULT.replace(
            TestPolicies.KEY, "-----BEGIN PUBLIC KEY-----\\nMFkw\\n-----END PUBLIC KEY-----"));

    assertThat(policies.checkNow()).isFalse();
    assertThat(policies.current()).isSameAs(good);
    assertThat(metrics.policyReloadErrors()).isEqualTo(errors + 1);
  }
}
