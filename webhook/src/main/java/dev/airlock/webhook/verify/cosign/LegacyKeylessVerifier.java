package dev.airlock.webhook.verify.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.webhook.verify.cosign.SignatureArtifact.SimpleSigning;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.rekor.client.ImmutableRekorEntry;
import dev.sigstore.rekor.client.ImmutableVerification;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorTypeException;
import dev.sigstore.rekor.client.RekorTypes;
import dev.sigstore.rekor.hashedRekord.v0_0_1.HashedRekord;
import dev.sigstore.trustroot.TransparencyLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * Offline verification of a legacy keyless {@code .sig} layer (cosign v2 keyless, cosign
 * SIGNATURE_SPEC.md "Certificate" and "Bundle" annotations) with sigstore-java pieces:
 *
 * <ol>
 *   <li>the {@code dev.sigstore.cosign/certificate} leaf chains to a Fulcio CA of the trusted root
 *       and carries a valid embedded SCT ({@code FulcioVerifier}); the chain annotation is not
 *       needed, the trusted root supplies the CA chain;
 *   <li>the certificate identity matches one of the entry's identities;
 *   <li>the signature annotation is valid over the payload with the certificate's key;
 *   <li>the {@code dev.sigstore.cosign/bundle} annotation (Rekor's signed entry timestamp over
 *       body, integrated time, log index and log ID) verifies with the key of a log of the trusted
 *       root that was valid at the integrated time;
 *   <li>the entry body is a {@code hashedrekord} 0.0.1 for this payload hash, signature and
 *       certificate;
 *   <li>the integrated time is inside the certificate's validity.
 * </ol>
 *
 * No inclusion proof exists in this format (the SET is the log's promise), and RFC 3161 timestamp
 * annotations are not read.
 */
final class LegacyKeylessVerifier {
  private LegacyKeylessVerifier() {}

  /** Returns the signer ({@link Signers#keyless}) when every check passes. */
  static String verify(KeylessTrust trust, SimpleSigning layer, byte[] signature)
      throws KeylessVerificationException {
    X509Certificate leaf = leaf(layer.annotations().get(SimpleSigning.CERTIFICATE));
    try {
      trust.fulcio().verifySigningCertificate(pathOf(leaf));
    } catch (FulcioVerificationException | IOException | CertificateException e) {
      throw new KeylessVerificationException("certificate not trusted: " + e.getMessage(), e);
    }
    if (trust.identities().stream().noneMatch(matcher -> matches(matcher, leaf))) {
      throw new KeylessVerificationException("certificate identity not accepted");
    }
    try {
      if (!Verifiers.newVerifier(leaf.getPublicKey()).verify(layer.payload(), signature)) {
        throw new KeylessVerificationException("signature is not valid for the certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new KeylessVerificationException("signature is not valid for the certificate", e);
    }
    RekorEntry entry = entry(layer.annotations().get(SimpleSigning.REKOR_BUNDLE));
    checkSignedEntryTimestamp(trust.tlogs(), entry);
    checkBody(entry, layer.payload(), signature, leaf);
    try {
      leaf.checkValidity(new Date(entry.getIntegratedTime() * 1000L));
    } catch (CertificateException e) {
      throw new KeylessVerificationException(
          "log integrated time is outside the certificate validity", e);
    }
    return Signers.keyless(leaf);
  }

  private static X509Certificate leaf(String pem) throws KeylessVerificationException {
    if (pem == null) {
      throw new KeylessVerificationException("no certificate annotation");
    }
    try {
      return (X509Certificate) Certificates.fromPem(pem);
    } catch (CertificateException | RuntimeException e) {
      throw new KeylessVerificationException("certificate annotation unreadable", e);
    }
  }

  private static CertPath pathOf(X509Certificate leaf) throws CertificateException {
    return CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
  }

  private static boolean matches(
      dev.sigstore.VerificationOptions.CertificateMatcher matcher, X509Certificate leaf) {
    try {
      return matcher.test(leaf);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The Rekor bundle annotation: {@code {"SignedEntryTimestamp": ..., "Payload": {...}}}. */
  private static RekorEntry entry(String annotation) throws KeylessVerificationException {
    if (annotation == null) {
      throw new KeylessVerificationException("no transparency log bundle annotation");
    }
    try {
      JsonNode bundle = Json.read(annotation.getBytes(StandardCharsets.UTF_8), "Rekor bundle");
      JsonNode payload = bundle.path("Payload");
      String set = Json.requiredText(bundle, "/SignedEntryTimestamp", "Rekor bundle");
      String body = Json.requiredText(payload, "/body", "Rekor bundle payload");
      String logId = Json.requiredText(payload, "/logID", "Rekor bundle payload");
      if (!payload.path("integratedTime").canConvertToLong()
          || !payload.path("logIndex").canConvertToLong()) {
        throw new KeylessVerificationException("Rekor bundle lacks integratedTime or logIndex");
      }
      return ImmutableRekorEntry.builder()
          .body(body)
          .integratedTime(payload.path("integratedTime").asLong())
          .logIndex(payload.path("logIndex").asLong())
          .logID(logId)
          .verification(ImmutableVerification.builder().signedEntryTimestamp(set).build())
          .build();
    } catch (MalformedSignatureException | RuntimeException e) {
      throw new KeylessVerificationException("Rekor bundle unreadable: " + e.getMessage(), e);
    }
  }

  private static void checkSignedEntryTimestamp(List<TransparencyLog> tlogs, RekorEntry entry)
      throws KeylessVerificationException {
    try {
      TransparencyLog log =
          TransparencyLog.find(
                  tlogs,
                  HexFormat.of().parseHex(entry.getLogID()),
                  Instant.ofEpochSecond(entry.getIntegratedTime()))
              .orElseThrow(
                  () -> new KeylessVerificationException("log entry from an untrusted log"));
      byte[] set = Base64.getDecoder().decode(entry.getVerification().getSignedEntryTimestamp());
      if (!Verifiers.newVerifier(log.getPublicKey().toJavaPublicKey())
          .verify(entry.getSignableContent(), set)) {
        throw new KeylessVerificationException("signed entry timestamp is not valid");
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KeylessVerificationException("signed entry timestamp not verified", e);
    }
  }

  private static void checkBody(
      RekorEntry entry, byte[] payload, byte[] signature, X509Certificate leaf)
      throws KeylessVerificationException {
    HashedRekord rekord;
    try {
      rekord = RekorTypes.getHashedRekordV001(entry);
      String hash = rekord.getData().getHash().getValue();
      if (!HexFormat.of().formatHex(Sha256.of(payload)).equals(hash)) {
        throw new KeylessVerificationException("log entry records another payload");
      }
      if (!Arrays.equals(
          Base64.getDecoder().decode(rekord.getSignature().getContent()), signature)) {
        throw new KeylessVerificationException("log entry records another signature");
      }
      String pem =
          new String(
              Base64.getDecoder().decode(rekord.getSignature().getPublicKey().getContent()),
              StandardCharsets.UTF_8);
      if (!Arrays.equals(Certificates.fromPem(pem).getEncoded(), leaf.getEncoded())) {
        throw new KeylessVerificationException("log entry records another certificate");
      }
    } catch (RekorTypeException | CertificateException | RuntimeException e) {
      throw new KeylessVerificationException("log entry is not a matching hashedrekord", e);
    }
  }
}
