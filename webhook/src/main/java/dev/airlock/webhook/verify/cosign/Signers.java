package dev.airlock.webhook.verify.cosign;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * Who made a signature, as a string that is equal for the same signer and different for different
 * ones, so that an attestor's {@code count} counts distinct signers rather than signatures: a key
 * signer is its public key; a keyless signer is its certificate identity (the subject alternative
 * names and the Fulcio OIDC issuer extension), not the ephemeral certificate key — one identity
 * signing twice is one signer.
 */
final class Signers {
  /** Fulcio OIDC issuer extensions: v2 (DER UTF8String) and the deprecated v1 (raw string). */
  private static final List<String> ISSUER_OIDS =
      List.of("1.3.6.1.4.1.57264.1.8", "1.3.6.1.4.1.57264.1.1");

  private Signers() {}

  static String key(PublicKey key) {
    return "key:" + HexFormat.of().formatHex(Sha256.of(key.getEncoded()));
  }

  static String keyless(X509Certificate leaf) {
    StringBuilder id = new StringBuilder("identity:");
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          names.add(san.get(0) + "=" + san.get(1));
        }
      }
    } catch (CertificateParsingException e) {
      names.add("unparsable");
    }
    names.sort(null);
    id.append(String.join(",", names));
    for (String oid : ISSUER_OIDS) {
      byte[] value = leaf.getExtensionValue(oid);
      if (value != null) {
        id.append('|').append(oid).append('=').append(HexFormat.of().formatHex(value));
      }
    }
    return id.toString();
  }
}
