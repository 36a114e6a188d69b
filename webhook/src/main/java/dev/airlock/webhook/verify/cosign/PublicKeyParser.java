package dev.airlock.webhook.verify.cosign;

import dev.airlock.webhook.policy.TrustMaterialException;
import dev.sigstore.encryption.Keys;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;

/**
 * Parses the {@code keys.publicKeys} text of a policy: one or more PEM blocks, each a {@code PUBLIC
 * KEY} (SubjectPublicKeyInfo, what {@code cosign generate-key-pair} writes) or an {@code RSA PUBLIC
 * KEY} (PKCS#1). BouncyCastle reads the PEM; sigstore-java {@link Keys} builds the key from DER.
 * Accepted: ECDSA P-256, P-384, P-521; RSA of at least 2048 bits; Ed25519.
 */
final class PublicKeyParser {
  static final int MIN_RSA_BITS = 2048;

  private static final Map<ASN1ObjectIdentifier, String> CURVES =
      Map.of(
          SECObjectIdentifiers.secp256r1, "P-256",
          SECObjectIdentifiers.secp384r1, "P-384",
          SECObjectIdentifiers.secp521r1, "P-521");

  private PublicKeyParser() {}

  /**
   * @param pem the PEM text
   * @param field the policy field, used as message prefix
   * @return the keys in the order written, never empty
   */
  static List<TrustedKey> parse(String pem, String field) throws TrustMaterialException {
    List<TrustedKey> keys = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      Object block;
      while ((block = readBlock(parser, field, keys.size() + 1)) != null) {
        int number = keys.size() + 1;
        if (!(block instanceof SubjectPublicKeyInfo spki)) {
          throw new TrustMaterialException(
              field
                  + ": key "
                  + number
                  + ": not a PUBLIC KEY block ("
                  + block.getClass().getSimpleName()
                  + ")");
        }
        keys.add(toKey(spki, field + ": key " + number));
      }
    } catch (IOException e) {
      throw new TrustMaterialException(field + ": cannot read PEM: " + e.getMessage(), e);
    }
    if (keys.isEmpty()) {
      throw new TrustMaterialException(field + ": no PEM PUBLIC KEY block");
    }
    return List.copyOf(keys);
  }

  private static Object readBlock(PEMParser parser, String field, int number)
      throws TrustMaterialException {
    try {
      return parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new TrustMaterialException(
          field + ": key " + number + ": malformed PEM block: " + e.getMessage(), e);
    }
  }

  private static TrustedKey toKey(SubjectPublicKeyInfo spki, String where)
      throws TrustMaterialException {
    ASN1ObjectIdentifier algorithm = spki.getAlgorithm().getAlgorithm();
    try {
      byte[] der = spki.getEncoded();
      if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        String curve =
            spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier named
                ? CURVES.get(named)
                : null;
        if (curve == null) {
          throw new TrustMaterialException(
              where + ": unsupported elliptic curve (want P-256, P-384 or P-521)");
        }
        return TrustedKey.ecdsa(Keys.parseEcdsa(der), curve);
      }
      if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        PublicKey key = Keys.parseRsa(der);
        int bits = ((RSAPublicKey) key).getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
          throw new TrustMaterialException(
              where + ": RSA key of " + bits + " bits is too short (want at least 2048)");
        }
        return TrustedKey.rsa(key, bits);
      }
      if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
        return TrustedKey.ed25519(Keys.parseEd25519(der));
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TrustMaterialException(where + ": invalid key: " + e.getMessage(), e);
    }
    throw new TrustMaterialException(
        where
            + ": unsupported key type "
            + algorithm.getId()
            + " (want ECDSA P-256/P-384/P-521, RSA or Ed25519)");
  }
}
