package dev.airlock.webhook.verify.cosign;

import dev.airlock.webhook.verify.cosign.SignatureArtifact.SimpleSigning;
import java.util.List;
import java.util.Optional;

/**
 * Checks a legacy simple-signing layer against the keys of an entry (cosign SIGNATURE_SPEC.md): the
 * base64 {@code dev.cosignproject.cosign/signature} annotation must be a signature over the exact
 * payload bytes by a trusted key; then the payload must be a cosign container image signature
 * naming the admitted digest, and its docker-reference must satisfy the rule. The signature is
 * checked before the payload is read, so an untrusted layer is never parsed.
 */
final class SimpleSigningCheck {
  private SimpleSigningCheck() {}

  /** Against a keyless entry: a legacy keyless layer ({@link LegacyKeylessVerifier}). */
  static Outcome keyless(SimpleSigning layer, KeylessTrust trust, Target target) {
    if (!layer.annotations().containsKey(SimpleSigning.CERTIFICATE)) {
      return Outcome.untrustedIdentity(null);
    }
    byte[] signature;
    try {
      signature = signature(layer);
    } catch (MalformedSignatureException e) {
      return Outcome.malformed(e.getMessage());
    }
    String signer;
    try {
      signer = LegacyKeylessVerifier.verify(trust, layer, signature);
    } catch (dev.sigstore.KeylessVerificationException | RuntimeException e) {
      return Outcome.untrustedIdentity(e);
    }
    return about(layer, target).by(signer);
  }

  static Outcome check(SimpleSigning layer, List<TrustedKey> keys, Target target) {
    byte[] signature;
    try {
      signature = signature(layer);
    } catch (MalformedSignatureException e) {
      return Outcome.malformed(e.getMessage());
    }
    Optional<TrustedKey> signer =
        keys.stream().filter(key -> key.verifies(layer.payload(), signature)).findFirst();
    if (signer.isEmpty()) {
      return Outcome.UNTRUSTED_KEY;
    }
    return about(layer, target).by(signer.get().signerId());
  }

  private static byte[] signature(SimpleSigning layer) throws MalformedSignatureException {
    if (layer.signature() == null) {
      throw new MalformedSignatureException(
          "signature layer "
              + layer.layer()
              + " has no "
              + SimpleSigning.SIGNATURE
              + " annotation");
    }
    return Json.base64(layer.signature(), "signature annotation");
  }

  /** The payload of a layer whose signature a trusted signer made. */
  private static Outcome about(SimpleSigning layer, Target target) {
    SimpleSigningPayload payload;
    try {
      payload = SimpleSigningPayload.parse(layer.payload());
    } catch (MalformedSignatureException e) {
      return Outcome.malformed(e.getMessage());
    }
    return target.about(payload.manifestDigest(), payload.dockerReference());
  }
}
