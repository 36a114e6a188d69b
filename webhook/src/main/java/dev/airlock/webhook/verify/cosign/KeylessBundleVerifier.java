package dev.airlock.webhook.verify.cosign;

import dev.sigstore.KeylessVerificationException;
import dev.sigstore.VerificationOptions.CertificateMatcher;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorTypeException;
import dev.sigstore.rekor.client.RekorTypes;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.dsse.v0_0_1.Dsse;
import dev.sigstore.rekor.dsse.v0_0_1.PayloadHash;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampException;
import dev.sigstore.timestamp.client.TimestampVerificationException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

/**
 * Offline verification of a keyless DSSE bundle, composed from sigstore-java 2.0.0's pieces: what
 * {@code KeylessVerifier.verify} does for DSSE bundles, except its in-toto parsing, which requires
 * a {@code name} on every subject and so rejects the statements cosign v3 writes for images (their
 * subjects carry only a digest). The subject digest is checked by the caller.
 *
 * <ol>
 *   <li>the certificate chains to a Fulcio CA of the trusted root and carries a valid embedded SCT
 *       from a CT log of the trusted root ({@code FulcioVerifier});
 *   <li>the certificate identity matches one of the entry's identities ({@code
 *       FulcioCertificateMatcher});
 *   <li>exactly one DSSE signature, valid over the pre-authentication encoding with the
 *       certificate's key;
 *   <li>the log entry is a {@code dsse} entry for this payload, signature and certificate;
 *   <li>RFC 3161 timestamps, if any, are valid and inside the certificate's validity;
 *   <li>the log entry's signed entry timestamp, inclusion proof and checkpoint verify against the
 *       trusted root's log keys ({@code RekorVerifier});
 *   <li>the signing time is proven inside the certificate's validity: by an RFC 3161 timestamp, or
 *       by the log's integrated time under a valid signed entry timestamp.
 * </ol>
 */
final class KeylessBundleVerifier {
  private KeylessBundleVerifier() {}

  /** Returns the signer ({@link Signers#keyless}) when every check passes. */
  static String verify(KeylessTrust trust, Bundle bundle, DsseBundle dsse)
      throws KeylessVerificationException {
    X509Certificate leaf = Certificates.getLeaf(bundle.getCertPath());
    try {
      trust.fulcio().verifySigningCertificate(bundle.getCertPath());
    } catch (FulcioVerificationException | IOException e) {
      throw new KeylessVerificationException("certificate not trusted: " + e.getMessage(), e);
    }
    if (trust.identities().stream().noneMatch(matcher -> matches(matcher, leaf))) {
      throw new KeylessVerificationException("certificate identity not accepted");
    }
    if (dsse.signatures().size() != 1) {
      throw new KeylessVerificationException("DSSE envelope must have exactly one signature");
    }
    byte[] signature = dsse.signatures().get(0);
    try {
      if (!Verifiers.newVerifier(leaf.getPublicKey()).verify(dsse.pae(), signature)) {
        throw new KeylessVerificationException("DSSE signature is not valid");
      }
    } catch (GeneralSecurityException e) {
      throw new KeylessVerificationException("DSSE signature is not valid", e);
    }
    if (bundle.getEntries().size() != 1) {
      throw new KeylessVerificationException("bundle must have exactly one log entry");
    }
    RekorEntry entry = bundle.getEntries().get(0);
    checkLogEntryMatches(entry, dsse, signature, leaf);
    checkTimestamps(trust, bundle, signature, leaf);
    try {
      trust.rekor().verifyEntry(entry);
    } catch (RekorVerificationException e) {
      throw new KeylessVerificationException("log entry not verified: " + e.getMessage(), e);
    }
    checkSigningTime(bundle, entry, leaf);
    return Signers.keyless(leaf);
  }

  private static boolean matches(CertificateMatcher matcher, X509Certificate leaf) {
    try {
      return matcher.test(leaf);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The dsse 0.0.1 entry must record this payload, this signature and this certificate. */
  private static void checkLogEntryMatches(
      RekorEntry entry, DsseBundle dsse, byte[] signature, X509Certificate leaf)
      throws KeylessVerificationException {
    Dsse logged;
    try {
      logged = RekorTypes.getDsseV001(entry);
    } catch (RekorTypeException | RuntimeException e) {
      throw new KeylessVerificationException("log entry is not a dsse 0.0.1 entry", e);
    }
    if (logged.getPayloadHash() == null
        || logged.getPayloadHash().getAlgorithm() != PayloadHash.Algorithm.SHA_256
        || !HexFormat.of()
            .formatHex(Sha256.of(dsse.payload()))
            .equals(logged.getPayloadHash().getValue())) {
      throw new KeylessVerificationException("log entry records another payload");
    }
    if (logged.getSignatures() == null || logged.getSignatures().size() != 1) {
      throw new KeylessVerificationException("log entry must record exactly one signature");
    }
    var recorded = logged.getSignatures().get(0);
    if (!Base64.getEncoder().encodeToString(signature).equals(recorded.getSignature())) {
      throw new KeylessVerificationException("log entry records another signature");
    }
    try {
      String pem =
          new String(
              Base64.getDecoder().decode(recorded.getVerifier()),
              java.nio.charset.StandardCharsets.UTF_8);
      if (!Arrays.equals(Certificates.fromPem(pem).getEncoded(), leaf.getEncoded())) {
        throw new KeylessVerificationException("log entry records another certificate");
      }
    } catch (CertificateException | IllegalArgumentException | NullPointerException e) {
      throw new KeylessVerificationException("log entry certificate unreadable", e);
    }
  }

  private static void checkTimestamps(
      KeylessTrust trust, Bundle bundle, byte[] signature, X509Certificate leaf)
      throws KeylessVerificationException {
    for (Bundle.Timestamp timestamp : bundle.getTimestamps()) {
      try {
        var response =
            ImmutableTimestampResponse.builder().encoded(timestamp.getRfc3161Timestamp()).build();
        trust.timestamps().verify(response, signature);
        leaf.checkValidity(response.getGenTime());
      } catch (TimestampException
          | TimestampVerificationException
          | CertificateException
          | RuntimeException e) {
        throw new KeylessVerificationException("RFC 3161 timestamp not verified", e);
      }
    }
  }

  private static void checkSigningTime(Bundle bundle, RekorEntry entry, X509Certificate leaf)
      throws KeylessVerificationException {
    if (!bundle.getTimestamps().isEmpty()) {
      return;
    }
    String set = entry.getVerification().getSignedEntryTimestamp();
    if (set == null || set.isEmpty()) {
      throw new KeylessVerificationException(
          "no RFC 3161 timestamp and no signed entry timestamp prove the signing time");
    }
    try {
      leaf.checkValidity(new Date(entry.getIntegratedTime() * 1000L));
    } catch (CertificateException e) {
      throw new KeylessVerificationException(
          "log integrated time is outside the certificate validity", e);
    }
  }
}
