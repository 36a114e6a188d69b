package dev.airlock.webhook.policy;

/**
 * A rule's trust material as the verifier compiled it when the policy loaded (keys parsed, trusted
 * roots read): the policy holds it, the verifier reads it, nobody compiles it again.
 */
public interface Trust {

  /**
   * Hex SHA-256 over everything that decides a verification result (signedIdentity, counts, keys,
   * trusted roots and identities): the one fingerprint of a rule's trust, a result cache's key.
   */
  String fingerprint();

  /** The trust of a rule with {@code allowUnsigned: true}: nothing is verified. */
  Trust UNSIGNED = () -> "allowUnsigned";
}
