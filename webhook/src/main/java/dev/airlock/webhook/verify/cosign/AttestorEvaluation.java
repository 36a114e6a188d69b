package dev.airlock.webhook.verify.cosign;

import dev.airlock.webhook.verify.cosign.RuleTrust.AttestorTrust;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a rule's attestors to the signatures found: every attestor must pass. An attestor with
 * {@code count: 1} passes when one of its entries has a signature that verifies. With a larger
 * {@code count} it needs that many entries each verified by a DIFFERENT signer ({@link Signers}):
 * entries are matched to distinct signers (a bipartite matching), so one key or one keyless
 * identity never satisfies two entries, however many signatures it made. When the rule fails, the
 * reason is the most specific failure (see {@link Outcome}) among the failing attestors, and for an
 * attestor that needs more than one entry the message says how many distinct signers verified.
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
    if (attestor.count() == 1) {
      Outcome failure = null;
      for (EntryTrust entry : attestor.entries()) {
        Outcome outcome = entry(entry, found, target);
        if (outcome.verified()) {
          return Outcome.VERIFIED;
        }
        failure = failure == null ? outcome : failure.or(outcome);
      }
      return failure;
    }
    List<Set<String>> signersByEntry = new ArrayList<>();
    Outcome failure = null;
    for (EntryTrust entry : attestor.entries()) {
      Set<String> signers = new LinkedHashSet<>();
      for (SignatureArtifact artifact : found) {
        Outcome outcome = entry.check(artifact, target);
        if (outcome.verified()) {
          signers.add(outcome.signer());
        } else {
          failure = failure == null ? outcome : failure.or(outcome);
        }
      }
      signersByEntry.add(signers);
    }
    int distinct = distinctSigners(signersByEntry);
    if (distinct >= attestor.count()) {
      return Outcome.VERIFIED;
    }
    if (failure == null) {
      // Every signature that was checked verified, but too few distinct signers made them.
      failure = found.isEmpty() ? Outcome.UNSIGNED : Outcome.TOO_FEW_SIGNERS;
    }
    return failure.withSuffix(
        " (" + distinct + " of " + attestor.count() + " required signers verified)");
  }

  /** The best outcome of one entry over all signatures: verified as soon as one verifies. */
  static Outcome entry(EntryTrust entry, List<SignatureArtifact> found, Target target) {
    Outcome best = Outcome.UNSIGNED;
    for (SignatureArtifact artifact : found) {
      Outcome outcome = entry.check(artifact, target);
      if (outcome.verified()) {
        return outcome;
      }
      best = best.or(outcome);
    }
    return best;
  }

  /**
   * The largest number of entries that can each be given a different signer that verified for it
   * (Kuhn's augmenting paths; entries and signers are a handful).
   */
  static int distinctSigners(List<Set<String>> signersByEntry) {
    Map<String, Integer> ownerOf = new HashMap<>();
    int matched = 0;
    for (int entry = 0; entry < signersByEntry.size(); entry++) {
      if (assign(entry, signersByEntry, ownerOf, new LinkedHashSet<>())) {
        matched++;
      }
    }
    return matched;
  }

  private static boolean assign(
      int entry, List<Set<String>> signersByEntry, Map<String, Integer> ownerOf, Set<String> seen) {
    for (String signer : signersByEntry.get(entry)) {
      if (!seen.add(signer)) {
        continue;
      }
      Integer owner = ownerOf.get(signer);
      if (owner == null || assign(owner, signersByEntry, ownerOf, seen)) {
        ownerOf.put(signer, entry);
        return true;
      }
    }
    return false;
  }
}
