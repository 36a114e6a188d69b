package dev.airlock.webhook.policy;

import java.util.List;
import java.util.Optional;

/**
 * One trust anchor of an attestor: exactly one of {@link #keys} or {@link #keyless} is present.
 *
 * @param keys public keys (PEM, one or more blocks)
 * @param keyless offline keyless verification material
 */
public record AttestorEntry(Optional<Keys> keys, Optional<Keyless> keyless) {

  /** {@code keys.publicKeys}: one or more PEM {@code PUBLIC KEY} blocks. */
  public record Keys(String publicKeys) {}

  /**
   * {@code keyless}: a local {@code trusted_root.json} and the identities allowed to sign.
   *
   * @param trustedRoot path of a Sigstore {@code trusted_root.json}; never fetched
   * @param identities accepted (issuer, subject) pairs, exact or regular expressions
   */
  public record Keyless(String trustedRoot, List<Identity> identities) {}

  /**
   * A certificate identity. Exact fields and RegExp fields may be mixed; an absent field is not
   * checked only if its counterpart is present.
   */
  public record Identity(
      Optional<String> issuer,
      Optional<String> subject,
      Optional<String> issuerRegExp,
      Optional<String> subjectRegExp) {}
}
