package dev.airlock.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.Policy;
import dev.airlock.webhook.policy.PolicyParser;
import dev.airlock.webhook.testing.TestPolicies;
import dev.airlock.webhook.verify.VerificationException;
import dev.airlock.webhook.verify.VerificationFailure;
import dev.airlock.webhook.verify.cosign.RuleTrust;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureOutcomesTest {
  private static final Digest DIGEST = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));

  private static CompiledRule rule() throws Exception {
    Policy policy = new PolicyParser(RuleTrust::compile).parse(TestPolicies.DEFAULT, "test");
    return policy.rules().get(0);
  }

  @Test
  void signatureLookupTimedOutAtTheRegistry_isATimeoutBeforeTheDeadlineToo() throws Exception {
    // The registry's timers work in whole milliseconds and may fire a hair before this clock:
    // a lookup the registry client gave up at the deadline is a timeout, not a registry error.
    VerificationException timedOut =
        new VerificationException(
            VerificationFailure.ERROR,
            "signature lookup at the mirror timed out",
            new RegistryException(RegistryException.Kind.TIMEOUT, null, "deadline passed"));

    ImageOutcome outcome =
        FailureOutcomes.signature(
            timedOut,
            ImageReference.parse("registry.example.com/app:1"),
            rule(),
            DIGEST,
            Deadline.after(Duration.ofSeconds(30)));

    assertThat(outcome.reason()).isEqualTo(Reason.TIMEOUT);
  }

  @Test
  void signatureLookupFailedOtherwise_isARegistryError() throws Exception {
    VerificationException failed =
        new VerificationException(
            VerificationFailure.ERROR,
            "signature lookup at the mirror failed: HTTP 503",
            new RegistryException(
                RegistryException.Kind.HTTP_STATUS,
                503,
                java.util.List.of(),
                null,
                "HTTP 503",
                null));

    ImageOutcome outcome =
        FailureOutcomes.signature(
            failed,
            ImageReference.parse("registry.example.com/app:1"),
            rule(),
            DIGEST,
            Deadline.after(Duration.ofSeconds(30)));

    assertThat(outcome.reason()).isEqualTo(Reason.REGISTRY_ERROR);
  }
}
