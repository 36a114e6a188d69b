package dev.airlock.webhook.admission;

import dev.airlock.webhook.admission.ImageOutcome.Allowed;
import dev.airlock.webhook.admission.ImageOutcome.Denied;
import dev.airlock.webhook.admission.ImageOutcome.Failed;
import dev.airlock.webhook.policy.Mode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Step 8, the one place where image outcomes become an admission decision. A denial or an error
 * denies, unless the rule that covers the image audits (then: allow, warn). Denial messages name
 * the field, the image as written and the cause ({@code spec.containers[1].image: nginx:1.27: no
 * signature by a trusted key}), joined with {@code "; "}.
 */
public final class AdmissionResponder {
  /** kube-apiserver truncates longer warnings (Kubernetes admission docs). */
  public static final int MAX_WARNING = 120;

  private AdmissionResponder() {}

  public static ReviewResult respond(Webhook webhook, List<SiteOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return ReviewResult.allow(Reason.EXCLUDED);
    }
    List<String> denials = new ArrayList<>();
    Reason denialReason = null;
    Set<String> warnings = new LinkedHashSet<>();
    List<PatchOperation> patch = new ArrayList<>();
    Set<Reason> allowedReasons = new LinkedHashSet<>();
    for (SiteOutcome so : outcomes) {
      ImageOutcome outcome = so.outcome();
      if (outcome instanceof Allowed a) {
        allowedReasons.add(a.reason());
        if (webhook == Webhook.MUTATE) {
          a.pin()
              .ifPresent(pin -> patch.add(new PatchOperation(so.site().pointer(), pin.toString())));
        }
        continue;
      }
      String cause = outcome instanceof Denied d ? d.cause() : ((Failed) outcome).cause();
      String message = describe(so.site(), cause);
      if (audits(outcome)) {
        warnings.add(truncate("audit: " + message));
        allowedReasons.add(Reason.AUDIT);
      } else {
        denials.add(message);
        if (denialReason == null) {
          denialReason = outcome.reason();
        }
      }
    }
    if (!denials.isEmpty()) {
      return new ReviewResult(
          false,
          denialReason,
          Optional.of(String.join("; ", denials)),
          List.copyOf(warnings),
          List.of());
    }
    return new ReviewResult(
        true, summary(allowedReasons), Optional.empty(), List.copyOf(warnings), List.copyOf(patch));
  }

  private static boolean audits(ImageOutcome outcome) {
    return outcome.rule().map(r -> r.mode() == Mode.AUDIT).orElse(false);
  }

  /** The decision for one image: allowed, or denied but covered by an auditing rule. */
  static boolean allows(ImageOutcome outcome) {
    return outcome instanceof Allowed || audits(outcome);
  }

  /** The reason for one image: {@code audit} for an audited denial, else the outcome's own. */
  static Reason reason(ImageOutcome outcome) {
    return !(outcome instanceof Allowed) && audits(outcome) ? Reason.AUDIT : outcome.reason();
  }

  /** {@code field: image: cause}. */
  static String describe(ImageSite site, String cause) {
    return site.written() == null
        ? site.field() + ": " + cause
        : site.field() + ": " + site.written() + ": " + cause;
  }

  private static Reason summary(Set<Reason> reasons) {
    for (Reason r :
        List.of(Reason.AUDIT, Reason.UNMIRRORED, Reason.UNMATCHED, Reason.UNSIGNED_ALLOWED)) {
      if (reasons.contains(r)) {
        return r;
      }
    }
    return Reason.VERIFIED;
  }

  static String truncate(String warning) {
    return warning.length() <= MAX_WARNING
        ? warning
        : warning.substring(0, MAX_WARNING - 3) + "...";
  }
}
