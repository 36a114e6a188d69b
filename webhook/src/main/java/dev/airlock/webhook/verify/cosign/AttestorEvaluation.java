package dev.airlock.webhook.verify.cosign;

import dev.airlock.webhook.verify.cosign.RuleTrust.AttestorTrust;
import java.util.List;

/**
 * Applies a rule's attestors to the signatures found: every attestor must pass; an attestor passes
 * when at least {@code count} of its entries each have one signature that verifies (one valid layer
 * per entry is enough). When the rule fails, the reason is the most specific failure (see {@link
 * Outcome}) among the failing attestors, and for an attestor that needs more than one entry the
 * message says how many verified.
 */
final class AttestorEvaluation {
  private AttestorEvaluation() {}

  static Outcome evaluate(RuleTrust rule, List<SignatureArtifact> found, Target target) {
    Outcome failure = null;
    for (AttestorTrust attestor : rule.attestors()) {
      Outcome outcome = attestor(attestor, found, target);
      if (!outcome.verified()) {
        failure = failure == null ? outcome : failure.or(outcome);
      }
    }
    return failure == null ? Outcome.VERIFIED : failure;
  }

  private static Outcome attestor(
      AttestorTrust attestor, List<SignatureArtifact> found, Target target) {
    int verified = 0;
    Outcome failure = null;
    for (EntryTrust entry : attestor.entries()) {
      Outcome outcome = entry(entry, found, target);
      if (outcome.verified()) {
        verified++;
      } else {
        failure = failure == null ? outcome : failure.or(outcome);
      }
    }
    if (verified >= attestor.count()) {
      return Outcome.VERIFIED;
    }
    if (attestor.count() == 1) {
      return failure;
    }
    return failure.withSuffix(
        " (" + verified + " of " + attestor.count() + " required signers verified)");
  }

  /** The best outcome of one entry over all signatures: verified as soon as one verifies. */
  static Outcome entry(EntryTrust entry, List<SignatureArtifact> found, Target target) {
    Outcome best = Outcome.UNSIGNED;
    for (SignatureArtifact artifact : found) {
      Outcome outcome = check(entry, artifact, target);
      if (outcome.verified()) {
        return outcome;
      }
      best = best.or(outcome);
    }
    return best;
  }

  private static Outcome check(EntryTrust entry, SignatureArtifact artifact, Target target) {
    if (artifact instanceof SignatureArtifact.Unreadable unreadable) {
      return Outcome.malformed(unreadable.reason());
    }
    if (entry instanceof EntryTrust.KeyEntry keys) {
      if (artifact instanceof SignatureArtifact.SimpleSigning layer) {
        return SimpleSigningCheck.check(layer, keys.keys(), target);
      }
      return BundleCheck.keyed((SignatureArtifact.Bundle) artifact, keys.keys(), target);
    }
    EntryTrust.KeylessEntry keyless = (EntryTrust.KeylessEntry) entry;
    if (artifact instanceof SignatureArtifact.Bundle bundle) {
      return BundleCheck.keyless(bundle, keyless.trust(), target);
    }
    return SimpleSigningCheck.keyless(
        (SignatureArtifact.SimpleSigning) artifact, keyless.trust(), target);
  }
}
