package dev.airlock.webhook.verify.cosign;

import dev.airlock.webhook.policy.AttestorEntry;
import dev.airlock.webhook.policy.TrustMaterialException;
import dev.sigstore.VerificationOptions.CertificateMatcher;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.strings.RegexSyntaxException;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compiled {@code keyless} entry of a policy: sigstore-java's Fulcio, Rekor and timestamp
 * verifiers built from a LOCAL {@code trusted_root.json} (Fulcio CAs, CT and Rekor log keys,
 * timestamp authorities) read once with {@link SigstoreTrustedRoot#from(java.io.InputStream)} —
 * never the TUF-backed public-good defaults, so nothing is fetched — and the accepted certificate
 * identities. Regular expressions must match the whole value (sigstore-java {@link
 * StringMatcher#regex}).
 */
final class KeylessTrust {
  private final Path trustedRoot;
  private final FulcioVerifier fulcio;
  private final RekorVerifier rekor;
  private final TimestampVerifier timestamps;
  private final List<CertificateMatcher> identities;
  private final String fingerprint;
  private final List<TransparencyLog> tlogs;

  private KeylessTrust(
      Path trustedRoot,
      FulcioVerifier fulcio,
      RekorVerifier rekor,
      TimestampVerifier timestamps,
      List<CertificateMatcher> identities,
      String fingerprint,
      List<TransparencyLog> tlogs) {
    this.fingerprint = fingerprint;
    this.tlogs = tlogs;
    this.trustedRoot = trustedRoot;
    this.fulcio = fulcio;
    this.rekor = rekor;
    this.timestamps = timestamps;
    this.identities = identities;
  }

  static KeylessTrust compile(AttestorEntry.Keyless keyless, String field)
      throws TrustMaterialException {
    if (keyless.trustedRoot() == null || keyless.trustedRoot().isBlank()) {
      throw new TrustMaterialException(field + ".trustedRoot: required");
    }
    Path root = Path.of(keyless.trustedRoot());
    if (!Files.isRegularFile(root)) {
      throw new TrustMaterialException(field + ".trustedRoot: no such file: " + root);
    }
    byte[] rootBytes;
    FulcioVerifier fulcio;
    RekorVerifier rekor;
    TimestampVerifier timestamps;
    List<TransparencyLog> tlogs;
    try {
      rootBytes = Files.readAllBytes(root);
      SigstoreTrustedRoot material =
          SigstoreTrustedRoot.from(new java.io.ByteArrayInputStream(rootBytes));
      fulcio = FulcioVerifier.newFulcioVerifier(material);
      rekor = RekorVerifier.newRekorVerifier(material);
      timestamps = TimestampVerifier.newTimestampVerifier(material);
      tlogs = List.copyOf(material.getTLogs());
    } catch (GeneralSecurityException
        | SigstoreConfigurationException
        | java.io.IOException
        | RuntimeException e) {
      throw new TrustMaterialException(
          field + ".trustedRoot: unusable trusted root " + root + ": " + e.getMessage(), e);
    }
    if (keyless.identities() == null || keyless.identities().isEmpty()) {
      throw new TrustMaterialException(field + ".identities: at least one identity is required");
    }
    List<CertificateMatcher> matchers = new ArrayList<>();
    for (int i = 0; i < keyless.identities().size(); i++) {
      matchers.add(matcher(keyless.identities().get(i), field + ".identities[" + i + "]"));
    }
    String fingerprint =
        "keyless:"
            + java.util.HexFormat.of().formatHex(Sha256.of(rootBytes))
            + ":"
            + keyless.identities();
    return new KeylessTrust(
        root, fulcio, rekor, timestamps, List.copyOf(matchers), fingerprint, tlogs);
  }

  private static CertificateMatcher matcher(AttestorEntry.Identity identity, String field)
      throws TrustMaterialException {
    StringMatcher issuer =
        stringMatcher(identity.issuer(), identity.issuerRegExp(), field, "issuer");
    StringMatcher subject =
        stringMatcher(identity.subject(), identity.subjectRegExp(), field, "subject");
    return CertificateMatcher.fulcio().issuer(issuer).subjectAlternativeName(subject).build();
  }

  private static StringMatcher stringMatcher(
      Optional<String> exact, Optional<String> regExp, String field, String name)
      throws TrustMaterialException {
    if (exact.isPresent() && regExp.isPresent()) {
      throw new TrustMaterialException(
          field + ": give " + name + " or " + name + "RegExp, not both");
    }
    if (exact.isPresent()) {
      return StringMatcher.string(exact.get());
    }
    if (regExp.isPresent()) {
      try {
        return StringMatcher.regex(regExp.get());
      } catch (RegexSyntaxException e) {
        throw new TrustMaterialException(field + "." + name + "RegExp: " + e.getMessage(), e);
      }
    }
    throw new TrustMaterialException(field + ": " + name + " or " + name + "RegExp is required");
  }

  FulcioVerifier fulcio() {
    return fulcio;
  }

  RekorVerifier rekor() {
    return rekor;
  }

  TimestampVerifier timestamps() {
    return timestamps;
  }

  /** The transparency logs (Rekor) of the trusted root. */
  List<TransparencyLog> tlogs() {
    return tlogs;
  }

  /** Accepted identities: a certificate must match one. */
  List<CertificateMatcher> identities() {
    return identities;
  }

  /** The trusted root's content hash and the identities, for {@link RuleTrust#fingerprint()}. */
  String fingerprint() {
    return fingerprint;
  }

  @Override
  public String toString() {
    return "keyless(" + trustedRoot + ")";
  }
}
