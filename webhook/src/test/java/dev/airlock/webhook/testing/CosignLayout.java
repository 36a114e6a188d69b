package dev.airlock.webhook.testing;

import dev.airlock.oci.ref.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Signature artifacts in the exact layouts cosign writes (SIGNATURE_SPEC.md, cosign v3 bundles).
 */
public final class CosignLayout {
  /** Media type of a legacy signature layer (SIGNATURE_SPEC.md). */
  public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** Annotation holding a legacy layer's base64 signature (SIGNATURE_SPEC.md). */
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  /** Media type (and artifactType) of a Sigstore bundle v0.3 referrer. */
  public static final String BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** critical.type of a simple-signing payload. */
  public static final String SIMPLE_SIGNING_TYPE = "cosign container image signature";

  /** predicateType of the in-toto statement cosign v3 sign writes. */
  public static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  /** DSSE payloadType of an in-toto statement. */
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  private CosignLayout() {}

  /** The simple-signing payload cosign sign writes (no annotations: {@code "optional":null}). */
  public static byte[] payload(String dockerReference, Digest digest) {
    return payload(dockerReference, digest.toString(), SIMPLE_SIGNING_TYPE);
  }

  public static byte[] payload(String dockerReference, String digest, String type) {
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
  public static byte[] statement(Digest digest, String predicateType) {
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
  public static byte[] pae(byte[] payload) {
    String type = IN_TOTO_PAYLOAD_TYPE;
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
  public static byte[] keyedBundle(byte[] statement, byte[] signature) {
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
