package dev.airlock.webhook.verify.cosign;

import dev.airlock.oci.ref.Digest;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.bundle.BundleParseException;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a cosign v3 Sigstore bundle (a DSSE envelope over an in-toto statement with predicate type
 * {@code https://sigstore.dev/cosign/sign/v1}) against an attestor entry. Bundles of other
 * predicate types are attestations, not signatures, and count as absent.
 *
 * <ul>
 *   <li>Keys: a DSSE signature over the pre-authentication encoding by a trusted key. The bundle's
 *       transparency-log entry, if any, is not checked (a key entry has no log key).
 *   <li>Keyless: {@link KeylessBundleVerifier} with the entry's local trusted root.
 * </ul>
 *
 * A bundle carries no docker-reference, so a rule with {@code signedIdentity} other than {@code
 * any} does not accept it.
 */
final class BundleCheck {
  private BundleCheck() {}

  static Outcome keyed(SignatureArtifact.Bundle artifact, List<TrustedKey> keys, Target target) {
    DsseBundle bundle;
    try {
      bundle = DsseBundle.parse(artifact.json());
    } catch (MalformedSignatureException e) {
      return Outcome.malformed(e.getMessage());
    }
    if (!bundle.statement().isCosignSignature()) {
      return Outcome.UNSIGNED;
    }
    byte[] pae = bundle.pae();
    Optional<TrustedKey> signer =
        keys.stream()
            .filter(key -> bundle.signatures().stream().anyMatch(sig -> key.verifies(pae, sig)))
            .findFirst();
    if (signer.isEmpty()) {
      return Outcome.UNTRUSTED_KEY;
    }
    return claimedDigest(bundle, target.digest())
        .map(claimed -> target.about(claimed, Optional.empty()).by(signer.get().signerId()))
        .orElseGet(() -> Outcome.malformed("in-toto statement subject has no digest"));
  }

  static Outcome keyless(SignatureArtifact.Bundle artifact, KeylessTrust trust, Target target) {
    DsseBundle bundle;
    try {
      bundle = DsseBundle.parse(artifact.json());
    } catch (MalformedSignatureException e) {
      return Outcome.malformed(e.getMessage());
    }
    if (!bundle.statement().isCosignSignature()) {
      return Outcome.UNSIGNED;
    }
    if (bundle.publicKeyHint()) {
      return Outcome.untrustedIdentity(null);
    }
    Optional<String> claimed = claimedDigest(bundle, target.digest());
    if (claimed.isEmpty()) {
      return Outcome.malformed("in-toto statement subject has no digest");
    }
    dev.sigstore.bundle.Bundle sigstoreBundle;
    try {
      sigstoreBundle =
          dev.sigstore.bundle.Bundle.from(
              new InputStreamReader(
                  new ByteArrayInputStream(artifact.json()), StandardCharsets.UTF_8));
    } catch (BundleParseException | RuntimeException e) {
      return Outcome.malformed("not a usable Sigstore bundle: " + e.getMessage());
    }
    String signer;
    try {
      signer = KeylessBundleVerifier.verify(trust, sigstoreBundle, bundle);
    } catch (KeylessVerificationException | RuntimeException e) {
      return Outcome.untrustedIdentity(e);
    }
    return target.about(claimed.get(), Optional.empty()).by(signer);
  }

  /**
   * The subject digest the statement claims: the admitted digest when a subject names it, else the
   * first subject digest (preferring sha256), as {@code algorithm:hex}.
   */
  private static Optional<String> claimedDigest(DsseBundle bundle, Digest admitted) {
    List<Map<String, String>> subjects = bundle.statement().subjectDigests();
    for (Map<String, String> digests : subjects) {
      if (admitted.hex().equals(digests.get(admitted.algorithm()))) {
        return Optional.of(admitted.toString());
      }
    }
    for (Map<String, String> digests : subjects) {
      if (digests.containsKey("sha256")) {
        return Optional.of("sha256:" + digests.get("sha256"));
      }
      if (!digests.isEmpty()) {
        Map.Entry<String, String> any = digests.entrySet().iterator().next();
        return Optional.of(any.getKey() + ":" + any.getValue());
      }
    }
    return Optional.empty();
  }
}
