package dev.airlock.webhook.verify;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.SignedIdentity;

/**
 * Proves that a digest at the mirror is signed as a rule's attestors require. Returns normally only
 * when verification passed; every other outcome, including errors and deadlines, throws.
 */
public interface SignatureVerifier {

  /**
   * @param route where the image is pulled from (signatures are looked up at the same endpoints,
   *     with the same credentials)
   * @param digest the digest being admitted
   * @param rule the matching rule, with the trust material compiled when the policy loaded
   * @param deadline the admission deadline
   * @throws VerificationException with the reason when the digest is not proven
   */
  void verify(MirrorRoute route, Digest digest, CompiledRule rule, Deadline deadline)
      throws VerificationException;

  /**
   * What {@link #verify} reads of the pod's image name (beyond the route's endpoints and the
   * digest) under {@code signedIdentity}: a result cache must key on it. The default, the whole
   * image reference as written, is always safe; a verifier may return less (nothing for {@code
   * any}) to share results between names.
   */
  default Object nameInputs(MirrorRoute route, SignedIdentity signedIdentity) {
    return route.image().toString();
  }
}
