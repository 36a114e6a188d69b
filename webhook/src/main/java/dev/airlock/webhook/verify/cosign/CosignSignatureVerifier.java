package dev.airlock.webhook.verify.cosign;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.verify.SignatureVerifier;
import dev.airlock.webhook.verify.VerificationException;
import dev.airlock.webhook.verify.VerificationFailure;
import dev.airlock.webhook.verify.cosign.FormatHints.Layout;
import java.util.ArrayList;
import java.util.List;

/**
 * Cosign signature verification at the mirror (issue 4): finds the digest's signatures through the
 * image's route ({@link SignatureDiscovery}: the legacy {@code .sig} tag, then, only if that does
 * not satisfy the rule, the OCI 1.1 referrers; the other way round in a repository last proved by a
 * bundle), then applies the rule's attestors ({@link AttestorEvaluation}) as compiled into the rule
 * when the policy loaded ({@link RuleTrust}); thread-safe; its only state is which layout to look
 * up first per repository ({@link FormatHints}), which never changes a verdict.
 *
 * <p>Denial messages (after {@code <field>: <image>: }): {@code no signature found at the mirror},
 * {@code no signature by a trusted key}, {@code no signature by a trusted identity}, {@code trusted
 * signature is for another digest: <digest>}, {@code trusted signature is for another image:
 * <reference>}, {@code trusted signature names no docker-reference (signedIdentity <mode>)}, {@code
 * malformed signature: <detail>}, {@code signature lookup at the mirror failed: <detail>}, {@code
 * signature lookup at the mirror timed out}, {@code rule "<name>" has no Cosign trust material}; an
 * attestor with {@code count} above 1 appends {@code (<n> of <count> required signers verified)}.
 */
public final class CosignSignatureVerifier implements SignatureVerifier {
  private final SignatureDiscovery discovery;
  private final FormatHints hints = new FormatHints();

  public CosignSignatureVerifier(RegistryClient registry) {
    this.discovery = new SignatureDiscovery(registry);
  }

  @Override
  public void verify(MirrorRoute route, Digest digest, CompiledRule rule, Deadline deadline)
      throws VerificationException {
    if (!(rule.trust() instanceof RuleTrust trust)) {
      // allowUnsigned rules never reach a verifier; anything else is a wiring bug: deny.
      throw new VerificationException(
          VerificationFailure.ERROR, "rule \"" + rule.name() + "\" has no Cosign trust material");
    }
    if (deadline.expired()) {
      throw new VerificationException(
          VerificationFailure.ERROR, "signature lookup at the mirror timed out");
    }
    Target target = new Target(route, digest, trust.signedIdentity());
    // The layout that last proved this repository first (legacy .sig without a hint), the other
    // only when the first does not prove the digest. The verdict does not depend on the order:
    // any layout that proves the digest admits it (a lookup error in the other does not take a
    // proof away); otherwise everything found is evaluated legacy first, and a lookup error is
    // reported before a plain failure (the legacy one first).
    String location = route.mirrorLocation();
    Layout first = hints.first(location);
    Lookup firstLookup = lookUp(first, route, digest, deadline);
    if (firstLookup.error() == null
        && AttestorEvaluation.evaluate(trust, firstLookup.found(), target).verified()) {
      hints.proved(location, first);
      return;
    }
    Layout second = first == Layout.LEGACY ? Layout.BUNDLE : Layout.LEGACY;
    Lookup secondLookup = lookUp(second, route, digest, deadline);
    Lookup legacy = first == Layout.LEGACY ? firstLookup : secondLookup;
    Lookup bundles = first == Layout.LEGACY ? secondLookup : firstLookup;
    List<SignatureArtifact> all = new ArrayList<>(legacy.found());
    all.addAll(bundles.found());
    Outcome outcome = AttestorEvaluation.evaluate(trust, all, target);
    if (outcome.verified()) {
      hints.proved(location, second);
      return;
    }
    if (legacy.error() != null) {
      throw legacy.error();
    }
    if (bundles.error() != null) {
      throw bundles.error();
    }
    throw new VerificationException(outcome.failure(), outcome.message(), outcome.cause());
  }

  /** What one layout's lookup found, or why it could not look. */
  private record Lookup(List<SignatureArtifact> found, VerificationException error) {}

  private Lookup lookUp(Layout layout, MirrorRoute route, Digest digest, Deadline deadline) {
    try {
      return new Lookup(
          layout == Layout.LEGACY
              ? discovery.legacy(route, digest, deadline)
              : discovery.bundles(route, digest, deadline),
          null);
    } catch (VerificationException e) {
      return new Lookup(List.of(), e);
    }
  }

  @Override
  public Object nameInputs(MirrorRoute route, SignedIdentity signedIdentity) {
    return DockerReferenceCheck.nameInputs(signedIdentity, route);
  }
}
