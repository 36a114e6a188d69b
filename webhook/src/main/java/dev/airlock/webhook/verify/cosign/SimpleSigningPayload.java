package dev.airlock.webhook.verify.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The cosign simple-signing payload (cosign {@code specs/SIGNATURE_SPEC.md}, "Payload"):
 *
 * <pre>{"critical": {"identity": {"docker-reference": "..."},
 *               "image": {"docker-manifest-digest": "sha256:..."},
 *               "type": "cosign container image signature"},
 *  "optional": {...}}</pre>
 *
 * @param manifestDigest {@code critical.image.docker-manifest-digest} as written
 * @param dockerReference {@code critical.identity.docker-reference}, if present
 */
record SimpleSigningPayload(String manifestDigest, Optional<String> dockerReference) {
  static final String TYPE = "cosign container image signature";

  static SimpleSigningPayload parse(byte[] payload) throws MalformedSignatureException {
    JsonNode root = Json.read(payload, "signature payload");
    Optional<String> type = Json.text(root, "/critical/type");
    if (type.isEmpty()) {
      throw new MalformedSignatureException("signature payload has no critical.type");
    }
    if (!TYPE.equals(type.get())) {
      throw new MalformedSignatureException(
          "signature payload critical.type is \"" + type.get() + "\", want \"" + TYPE + "\"");
    }
    String digest =
        Json.text(root, "/critical/image/docker-manifest-digest")
            .orElseThrow(
                () ->
                    new MalformedSignatureException(
                        "signature payload has no critical.image.docker-manifest-digest"));
    return new SimpleSigningPayload(digest, Json.text(root, "/critical/identity/docker-reference"));
  }
}
