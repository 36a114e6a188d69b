package dev.airlock.webhook.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;

/** Key pairs and signatures made with {@code java.security}, as cosign signers produce them. */
public enum TestKeys {
  P256("SHA256withECDSA"),
  P384("SHA384withECDSA"),
  RSA_PKCS1("SHA256withRSA"),
  RSA_PSS("RSASSA-PSS"),
  ED25519("Ed25519");

  private final String algorithm;

  TestKeys(String algorithm) {
    this.algorithm = algorithm;
  }

  public KeyPair generate() {
    try {
      KeyPairGenerator generator;
      switch (this) {
        case P256 -> {
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp256r1"));
        }
        case P384 -> {
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp384r1"));
        }
        case RSA_PKCS1, RSA_PSS -> {
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048);
        }
        default -> generator = KeyPairGenerator.getInstance("Ed25519");
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs {@code data} with this scheme (ECDSA signatures ASN.1 DER, as Go's SignASN1). */
  public byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature signer = Signature.getInstance(algorithm);
      if (this == RSA_PSS) {
        signer.setParameter(
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      }
      signer.initSign(key);
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A {@code PUBLIC KEY} PEM block, as {@code cosign generate-key-pair} writes cosign.pub. */
  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
