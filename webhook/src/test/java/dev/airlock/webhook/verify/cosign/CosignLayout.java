package dev.airlock.webhook.verify.cosign;

import dev.airlock.oci.ref.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Signature artifacts in the exact layouts cosign writes (SIGNATURE_SPEC.md, cosign v3 bundles).
 */
final class CosignLayout {
  static final String SIMPLE_SIGNING = SignatureDiscovery.SIMPLE_SIGNING;
  static final String SIGNATURE_ANNOTATION = SignatureDiscovery.SIGNATURE_ANNOTATION;
  static final String BUNDLE = SignatureDiscovery.BUNDLE;

  private CosignLayout() {}

  /** The simple-signing payload cosign sign writes (no annotations: {@code "optional":null}). */
  static byte[] payload(String dockerReference, Digest digest) {
    return payload(dockerReference, digest.toString(), SimpleSigningPayload.TYPE);
  }

  static byte[] payload(String dockerReference, String digest, String type) {
    return ("{\"critical\":{\"identity\":{\"docker-reference\":\""
            + dockerReference
            + "\"},\"image\":{\"docker-manifest-digest\":\""
            + digest
            + "\"},\"type\":\""
            + type
            + "\"},\"optional\":null}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The in-toto statement cosign v3 sign writes for an image digest. */
  static byte[] statement(Digest digest, String predicateType) {
    return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\""
            + digest.algorithm()
            + "\":\""
            + digest.hex()
            + "\"}}],\"predicateType\":\""
            + predicateType
            + "\",\"predicate\":{}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** DSSE pre-authentication encoding of an in-toto payload. */
  static byte[] pae(byte[] payload) {
    String type = DsseBundle.IN_TOTO_PAYLOAD_TYPE;
    byte[] head =
        ("DSSEv1 " + type.length() + " " + type + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  /**
   * A keyed Sigstore bundle v0.3 (public key hint, no log entry: {@code cosign sign --key
   * --tlog-upload=false --new-bundle-format}).
   */
  static byte[] keyedBundle(byte[] statement, byte[] signature) {
    Base64.Encoder b64 = Base64.getEncoder();
    return ("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
            + "\"verificationMaterial\":{\"publicKey\":{\"hint\":\"test\"}},"
            + "\"dsseEnvelope\":{\"payload\":\""
            + b64.encodeToString(statement)
            + "\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\""
            + b64.encodeToString(signature)
            + "\"}]}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
