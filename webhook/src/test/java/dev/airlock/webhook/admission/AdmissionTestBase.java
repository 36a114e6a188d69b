package dev.airlock.webhook.admission;

import dev.airlock.webhook.config.PolicyConfig;
import dev.airlock.webhook.policy.PolicyHolder;
import dev.airlock.webhook.testing.FakeRegistryClient;
import dev.airlock.webhook.testing.FakeSignatureVerifier;
import dev.airlock.webhook.testing.TestPolicies;
import dev.airlock.webhook.testing.WebhookCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;

/** Shared set-up: clean caches and test doubles, default policy. */
abstract class AdmissionTestBase {
  @TestHTTPResource(value = "/", tls = true)
  URL base;

  @Inject FakeRegistryClient registry;
  @Inject FakeSignatureVerifier verifier;
  @Inject DigestResolver digests;
  @Inject SignatureCheck signatures;
  @Inject PolicyHolder policies;
  @Inject PolicyConfig policyConfig;

  WebhookCalls calls;

  @BeforeEach
  void reset() throws IOException {
    calls = new WebhookCalls(base);
    registry.reset();
    verifier.reset();
    digests.clear();
    signatures.clear();
    usePolicy(TestPolicies.DEFAULT);
  }

  void usePolicy(String yaml) throws IOException {
    Files.writeString(policyConfig.file(), yaml);
    policies.checkNow();
  }
}
