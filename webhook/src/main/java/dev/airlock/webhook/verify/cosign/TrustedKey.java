package dev.airlock.webhook.verify.cosign;

import dev.sigstore.encryption.signers.Verifier;
import dev.sigstore.encryption.signers.Verifiers;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

/**
 * One public key of a policy, with the signature schemes cosign signers produce for it.
 * sigstore-java {@link Verifiers} covers the default scheme of each key type (ECDSA with SHA-256,
 * RSA PKCS#1 v1.5 with SHA-256, Ed25519); the extra schemes here are the ones sigstore-go picks by
 * key size (ECDSA P-384 with SHA-384, P-521 with SHA-512) and RSASSA-PSS with SHA-256 (salt length
 * = hash length, as sigstore's {@code signature.RSAPSSSignerVerifier} uses by default).
 *
 * <p>Immutable and thread-safe: a fresh {@link Signature} per call.
 */
public final class TrustedKey {
  private final PublicKey key;
  private final String description;
  private final Verifier defaultScheme;
  private final List<Scheme> extraSchemes;

  private record Scheme(String algorithm, PSSParameterSpec pss) {}

  private TrustedKey(
      PublicKey key, String description, Verifier defaultScheme, List<Scheme> extraSchemes) {
    this.key = key;
    this.description = description;
    this.defaultScheme = defaultScheme;
    this.extraSchemes = extraSchemes;
  }

  static TrustedKey ecdsa(PublicKey key, String curve) throws NoSuchAlgorithmException {
    List<Scheme> extra =
        switch (curve) {
          case "P-384" -> List.of(new Scheme("SHA384withECDSA", null));
          case "P-521" -> List.of(new Scheme("SHA512withECDSA", null));
          default -> List.of();
        };
    return new TrustedKey(key, "ECDSA " + curve, Verifiers.newVerifier(key), extra);
  }

  static TrustedKey rsa(PublicKey key, int bits) throws NoSuchAlgorithmException {
    PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    return new TrustedKey(
        key, "RSA " + bits, Verifiers.newVerifier(key), List.of(new Scheme("RSASSA-PSS", pss)));
  }

  static TrustedKey ed25519(PublicKey key) throws NoSuchAlgorithmException {
    return new TrustedKey(key, "Ed25519", Verifiers.newVerifier(key), List.of());
  }

  /** The key. */
  public PublicKey publicKey() {
    return key;
  }

  /** The signer this key stands for ({@link Signers#key}). */
  String signerId() {
    return Signers.key(key);
  }

  /** Key type and size, e.g. {@code ECDSA P-256}. */
  public String description() {
    return description;
  }

  /**
   * True when {@code signature} is a valid signature over {@code data} by this key in one of the
   * key's schemes. A signature that does not parse (truncated, wrong length) is simply not valid.
   */
  public boolean verifies(byte[] data, byte[] signature) {
    try {
      if (defaultScheme.verify(data, signature)) {
        return true;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // not a valid signature in this scheme; try the others
    }
    for (Scheme scheme : extraSchemes) {
      try {
        Signature verifier = Signature.getInstance(scheme.algorithm());
        if (scheme.pss() != null) {
          verifier.setParameter(scheme.pss());
        }
        verifier.initVerify(key);
        verifier.update(data);
        if (verifier.verify(signature)) {
          return true;
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // not a valid signature in this scheme
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return description;
  }
}
