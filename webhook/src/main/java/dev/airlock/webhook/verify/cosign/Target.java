package dev.airlock.webhook.verify.cosign;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.policy.SignedIdentity;
import java.util.Optional;

/**
 * What a signature must be about: the admitted digest of the image on its route, and the rule's
 * docker-reference check.
 */
record Target(MirrorRoute route, Digest digest, SignedIdentity signedIdentity) {

  /** Digest then docker-reference: the outcome for a signature a trusted signer made. */
  Outcome about(String claimedDigest, Optional<String> dockerReference) {
    if (!digest.toString().equals(claimedDigest)) {
      return Outcome.digestMismatch(claimedDigest);
    }
    return DockerReferenceCheck.check(signedIdentity, dockerReference, route, digest)
        .map(Outcome::identityMismatch)
        .orElse(Outcome.VERIFIED);
  }
}
