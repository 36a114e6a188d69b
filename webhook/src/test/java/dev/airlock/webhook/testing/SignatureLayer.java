package dev.airlock.webhook.testing;

import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;

/**
 * One layer of a legacy cosign {@code .sig} manifest (SIGNATURE_SPEC.md): the payload, the base64
 * signature annotation ({@code null}: none) and other annotations (keyless certificate, chain and
 * Rekor bundle).
 */
public record SignatureLayer(byte[] payload, String signature, Map<String, String> extra) {
  public SignatureLayer(byte[] payload, String signature) {
    this(payload, signature, Map.of());
  }

  /** A layer whose signature over {@code payload} is made by {@code key} with {@code scheme}. */
  public static SignatureLayer signed(TestKeys scheme, KeyPair key, byte[] payload) {
    return new SignatureLayer(
        payload, Base64.getEncoder().encodeToString(scheme.sign(key.getPrivate(), payload)));
  }
}
