package dev.airlock.webhook.verify.cosign;

import dev.airlock.oci.ref.Digest;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.rekor.client.RekorEntry;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HexFormat;
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
 *   <li>Keyless: sigstore-java {@code KeylessVerifier} with the entry's local trusted root checks
 *       the certificate chain to a Fulcio CA, its embedded SCT, the certificate identity, the DSSE
 *       signature, the log entry against the envelope, the inclusion proof and checkpoint, the
 *       signed entry timestamp and any RFC 3161 timestamps. In addition the signing time must be
 *       proven inside the certificate's validity: by an RFC 3161 timestamp (which KeylessVerifier
 *       checks against the certificate) or by the log's integrated time covered by a valid signed
 *       entry timestamp.
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
    boolean trusted =
        bundle.signatures().stream()
            .anyMatch(sig -> keys.stream().anyMatch(key -> key.verifies(pae, sig)));
    if (!trusted) {
      return Outcome.UNTRUSTED_KEY;
    }
    return claimedDigest(bundle, target.digest())
        .map(claimed -> target.about(claimed, Optional.empty()))
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
      return Outcome.UNTRUSTED_IDENTITY;
    }
    Optional<String> claimed = claimedDigest(bundle, target.digest());
    if (claimed.isEmpty() || !claimed.get().startsWith("sha256:")) {
      return Outcome.malformed("in-toto statement subject has no sha256 digest");
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
    byte[] subject;
    try {
      subject = HexFormat.of().parseHex(Digest.parse(claimed.get()).hex());
    } catch (dev.airlock.oci.ref.InvalidReferenceException e) {
      return Outcome.malformed("in-toto statement subject digest is invalid: " + claimed.get());
    }
    try {
      trust.verifier().verify(subject, sigstoreBundle, trust.options());
      requireSigningTimeProven(sigstoreBundle);
    } catch (KeylessVerificationException | RuntimeException e) {
      return Outcome.UNTRUSTED_IDENTITY;
    }
    return target.about(claimed.get(), Optional.empty());
  }

  /**
   * KeylessVerifier checks RFC 3161 times against the certificate but not the log's integrated
   * time; without a timestamp, the integrated time (signed by the SET) must fall in the leaf's
   * validity.
   */
  private static void requireSigningTimeProven(dev.sigstore.bundle.Bundle bundle)
      throws KeylessVerificationException {
    if (!bundle.getTimestamps().isEmpty()) {
      return;
    }
    RekorEntry entry = bundle.getEntries().get(0);
    String set = entry.getVerification().getSignedEntryTimestamp();
    if (set == null || set.isEmpty()) {
      throw new KeylessVerificationException(
          "no RFC 3161 timestamp and no signed entry timestamp prove the signing time");
    }
    X509Certificate leaf = Certificates.getLeaf(bundle.getCertPath());
    try {
      leaf.checkValidity(new Date(entry.getIntegratedTime() * 1000L));
    } catch (CertificateException e) {
      throw new KeylessVerificationException(
          "log integrated time is outside the certificate validity", e);
    }
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
