package dev.airlock.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.webhook.admission.ImageOutcome.Allowed;
import dev.airlock.webhook.admission.ImageOutcome.Denied;
import dev.airlock.webhook.admission.ImageOutcome.Failed;
import dev.airlock.webhook.audit.AuditLog;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.Mode;
import dev.airlock.webhook.policy.Rule;
import dev.airlock.webhook.policy.SignedIdentity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The audit lines say what the response decided, per image, once per image written. */
class AuditLinesTest {
  private static final String HEX =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final Digest DIGEST = Digest.sha256(new byte[0]);
  private static final AdmissionRequest REQUEST =
      new AdmissionRequest(
          "u-1",
          "Pod",
          Optional.empty(),
          "team",
          "web",
          "CREATE",
          "alice",
          false,
          Optional.empty(),
          List.of());
  private static final AuditLog LOG = new AuditLog(new ObjectMapper());

  private static Optional<CompiledRule> rule(String name, Mode mode) {
    return Optional.of(
        new CompiledRule(
            new Rule(
                name,
                List.of("mirror.internal/**"),
                List.of(),
                mode,
                true,
                true,
                SignedIdentity.ANY,
                List.of(),
                false),
            dev.airlock.webhook.policy.Trust.UNSIGNED));
  }

  private static SiteOutcome site(int index, String image, ImageOutcome outcome) {
    return new SiteOutcome(
        new ImageSite(
            "/spec/containers/" + index + "/image", "spec.containers[" + index + "].image", image),
        outcome);
  }

  private static List<String> lines(Webhook webhook, List<SiteOutcome> outcomes) {
    ReviewResult result = AdmissionResponder.respond(webhook, outcomes);
    return AuditLines.of(webhook, REQUEST, outcomes, result).stream().map(LOG::render).toList();
  }

  private static final String WHO =
      "{\"webhook\":\"mutate\",\"uid\":\"u-1\",\"operation\":\"CREATE\",\"namespace\":\"team\","
          + "\"kind\":\"Pod\",\"name\":\"web\",\"user\":\"alice\",\"dryRun\":false,";

  @Test
  void perImage_decisionReasonDigestRuleAndCause_asTheResponseDecided() throws Exception {
    List<SiteOutcome> outcomes =
        List.of(
            site(
                0,
                "redis:7",
                new Allowed(
                    Reason.VERIFIED,
                    rule("signed", Mode.ENFORCE),
                    Optional.of(DIGEST),
                    Optional.of(ImageReference.parse("redis:7@" + DIGEST)))),
            site(
                1,
                "app:1",
                new Denied(
                    Reason.UNSIGNED,
                    rule("trial", Mode.AUDIT),
                    Optional.of(DIGEST),
                    "no signature found at the mirror")),
            site(
                2,
                "redis:7",
                new Allowed(Reason.VERIFIED, Optional.empty(), Optional.empty(), Optional.empty())),
            site(
                3,
                "db:2",
                new Failed(
                    Reason.TIMEOUT,
                    rule("signed", Mode.ENFORCE),
                    Optional.empty(),
                    "no answer from the mirror in time")));

    assertThat(lines(Webhook.MUTATE, outcomes))
        .containsExactly(
            WHO
                + "\"image\":\"redis:7\",\"field\":\"spec.containers[0].image\",\"digest\":\"sha256:"
                + HEX
                + "\",\"rule\":\"signed\",\"decision\":\"allowed\",\"reason\":\"verified\"}",
            WHO
                + "\"image\":\"app:1\",\"field\":\"spec.containers[1].image\",\"digest\":\"sha256:"
                + HEX
                + "\",\"rule\":\"trial\",\"decision\":\"allowed\",\"reason\":\"audit\","
                + "\"cause\":\"no signature found at the mirror\"}",
            WHO
                + "\"image\":\"db:2\",\"field\":\"spec.containers[3].image\",\"digest\":null,"
                + "\"rule\":\"signed\",\"decision\":\"denied\",\"reason\":\"timeout\","
                + "\"cause\":\"no answer from the mirror in time\"}");
  }

  @Test
  void reviewWithoutImages_oneLineWithTheReviewDecision() {
    assertThat(lines(Webhook.MUTATE, List.of()))
        .containsExactly(WHO + "\"decision\":\"allowed\",\"reason\":\"excluded\"}");
  }
}
