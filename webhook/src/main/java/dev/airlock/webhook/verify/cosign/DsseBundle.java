package dev.airlock.webhook.verify.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a Sigstore bundle (protobuf-specs {@code sigstore_bundle.proto}, JSON form) that a
 * cosign v3 image signature uses: a DSSE envelope (DSSE spec {@code envelope.md}) whose payload is
 * an in-toto Statement with predicate type {@code https://sigstore.dev/cosign/sign/v1} and the
 * image manifest digest as subject.
 *
 * @param payload the DSSE payload bytes
 * @param payloadType the DSSE payload type
 * @param signatures the DSSE signatures
 * @param publicKeyHint true when the verification material is a public key (keyed signing)
 * @param statement the parsed in-toto statement
 */
record DsseBundle(
    byte[] payload,
    String payloadType,
    List<byte[]> signatures,
    boolean publicKeyHint,
    Statement statement) {

  static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
  static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
  private static final Set<String> MEDIA_TYPES =
      Set.of(
          "application/vnd.dev.sigstore.bundle+json;version=0.1",
          "application/vnd.dev.sigstore.bundle+json;version=0.2",
          "application/vnd.dev.sigstore.bundle+json;version=0.3",
          "application/vnd.dev.sigstore.bundle.v0.3+json");
  private static final Set<String> STATEMENT_TYPES =
      Set.of("https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1");

  /**
   * An in-toto statement: its predicate type and the digests of its subjects ({@code algorithm ->
   * hex}, one map per subject).
   */
  record Statement(String predicateType, List<Map<String, String>> subjectDigests) {

    /** True when this statement is a cosign image signature, not some other attestation. */
    boolean isCosignSignature() {
      return COSIGN_SIGN_PREDICATE.equals(predicateType);
    }
  }

  static DsseBundle parse(byte[] json) throws MalformedSignatureException {
    JsonNode root = Json.read(json, "signature bundle");
    String mediaType = Json.requiredText(root, "/mediaType", "signature bundle");
    if (!MEDIA_TYPES.contains(mediaType)) {
      throw new MalformedSignatureException(
          "signature bundle has unsupported mediaType \"" + mediaType + "\"");
    }
    JsonNode envelope = root.path("dsseEnvelope");
    if (!envelope.isObject()) {
      throw new MalformedSignatureException("signature bundle has no DSSE envelope");
    }
    String payloadType = Json.requiredText(envelope, "/payloadType", "DSSE envelope");
    byte[] payload =
        Json.base64(Json.requiredText(envelope, "/payload", "DSSE envelope"), "DSSE payload");
    List<byte[]> signatures = new ArrayList<>();
    for (JsonNode signature : envelope.path("signatures")) {
      signatures.add(
          Json.base64(Json.requiredText(signature, "/sig", "DSSE signature"), "DSSE signature"));
    }
    if (signatures.isEmpty()) {
      throw new MalformedSignatureException("DSSE envelope has no signatures");
    }
    if (!IN_TOTO_PAYLOAD_TYPE.equals(payloadType)) {
      throw new MalformedSignatureException(
          "DSSE payloadType is \"" + payloadType + "\", want \"" + IN_TOTO_PAYLOAD_TYPE + "\"");
    }
    boolean publicKey = root.path("verificationMaterial").has("publicKey");
    return new DsseBundle(
        payload, payloadType, List.copyOf(signatures), publicKey, statement(payload));
  }

  private static Statement statement(byte[] payload) throws MalformedSignatureException {
    JsonNode root = Json.read(payload, "in-toto statement");
    String type = Json.requiredText(root, "/_type", "in-toto statement");
    if (!STATEMENT_TYPES.contains(type)) {
      throw new MalformedSignatureException(
          "in-toto statement has unsupported _type \"" + type + "\"");
    }
    String predicateType = Json.requiredText(root, "/predicateType", "in-toto statement");
    List<Map<String, String>> subjects = new ArrayList<>();
    for (JsonNode subject : root.path("subject")) {
      Map<String, String> digests = new HashMap<>();
      subject
          .path("digest")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isTextual()) {
                  digests.put(e.getKey(), e.getValue().asText());
                }
              });
      subjects.add(Map.copyOf(digests));
    }
    if (subjects.isEmpty()) {
      throw new MalformedSignatureException("in-toto statement has no subject");
    }
    return new Statement(predicateType, List.copyOf(subjects));
  }

  /**
   * DSSE pre-authentication encoding: {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}.
   */
  byte[] pae() {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
