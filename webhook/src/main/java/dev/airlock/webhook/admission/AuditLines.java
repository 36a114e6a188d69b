package dev.airlock.webhook.admission;

import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.admission.ImageOutcome.Allowed;
import dev.airlock.webhook.admission.ImageOutcome.Denied;
import dev.airlock.webhook.admission.ImageOutcome.Failed;
import dev.airlock.webhook.audit.AuditLine;
import dev.airlock.webhook.policy.CompiledRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The audit lines of one review: one per distinct image written (or one for a review without image
 * outcomes), with the same per-image decision {@link AdmissionResponder} made — an audited rule's
 * denial is an allow with reason {@code audit}.
 */
final class AuditLines {
  private AuditLines() {}

  static List<AuditLine> of(
      Webhook webhook, AdmissionRequest request, List<SiteOutcome> outcomes, ReviewResult result) {
    AuditLine.Request who =
        new AuditLine.Request(
            webhook.label(),
            request.uid(),
            request.operation(),
            request.namespace(),
            request.kind(),
            request.name(),
            request.user(),
            request.dryRun());
    if (outcomes.isEmpty()) {
      return List.of(
          new AuditLine(
              who, Optional.empty(), result.allowed(), result.reason().label(), Optional.empty()));
    }
    List<AuditLine> lines = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SiteOutcome so : outcomes) {
      if (!seen.add(String.valueOf(so.site().written()))) {
        continue;
      }
      ImageOutcome outcome = so.outcome();
      boolean allowed = AdmissionResponder.allows(outcome);
      AuditLine.Image image =
          new AuditLine.Image(
              so.site().written(),
              so.site().field(),
              digest(outcome).map(Digest::toString),
              outcome.rule().map(CompiledRule::name));
      lines.add(
          new AuditLine(
              who,
              Optional.of(image),
              allowed,
              AdmissionResponder.reason(outcome).label(),
              cause(outcome)));
    }
    return List.copyOf(lines);
  }

  private static Optional<Digest> digest(ImageOutcome outcome) {
    if (outcome instanceof Allowed a) {
      return a.digest();
    }
    return outcome instanceof Denied d ? d.digest() : ((Failed) outcome).digest();
  }

  private static Optional<String> cause(ImageOutcome outcome) {
    if (outcome instanceof Allowed) {
      return Optional.empty();
    }
    return Optional.of(outcome instanceof Denied d ? d.cause() : ((Failed) outcome).cause());
  }
}
