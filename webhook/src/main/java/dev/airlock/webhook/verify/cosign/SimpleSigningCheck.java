package dev.airlock.webhook.verify.cosign;

import dev.airlock.webhook.verify.cosign.SignatureArtifact.SimpleSigning;
import java.util.List;

/**
 * Checks a legacy simple-signing layer against the keys of an entry (cosign SIGNATURE_SPEC.md): the
 * base64 {@code dev.cosignproject.cosign/signature} annotation must be a signature over the exact
 * payload bytes by a trusted key; then the payload must be a cosign container image signature
 * naming the admitted digest, and its docker-reference must satisfy the rule. The signature is
 * checked before the payload is read, so an untrusted layer is never parsed.
 */
final class SimpleSigningCheck {
  private SimpleSigningCheck() {}

  static Outcome check(SimpleSigning layer, List<TrustedKey> keys, Target target) {
    if (layer.signature() == null) {
      return Outcome.malformed(
          "signature layer "
              + layer.layer()
              + " has no "
              + SignatureDiscovery.SIGNATURE_ANNOTATION
              + " annotation");
    }
    byte[] signature;
    try {
      signature = Json.base64(layer.signature(), "signature annotation");
    } catch (MalformedSignatureException e) {
      return Outcome.malformed(e.getMessage());
    }
    if (keys.stream().noneMatch(key -> key.verifies(layer.payload(), signature))) {
      return Outcome.UNTRUSTED_KEY;
    }
    SimpleSigningPayload payload;
    try {
      payload = SimpleSigningPayload.parse(layer.payload());
    } catch (MalformedSignatureException e) {
      return Outcome.malformed(e.getMessage());
    }
    return target.about(payload.manifestDigest(), payload.dockerReference());
  }
}
