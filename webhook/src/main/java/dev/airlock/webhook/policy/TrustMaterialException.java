package dev.airlock.webhook.policy;

/**
 * Trust material in a policy rule that cannot be used: a public key that does not parse or is of an
 * unsupported kind, an unreadable {@code trusted_root.json}, an identity without issuer or subject.
 * The message starts with the field, e.g. {@code attestors[0].entries[1].keys.publicKeys: key 2:
 * unsupported key type 1.2.840.10040.4.1}, so a policy loader can show it as is.
 */
public final class TrustMaterialException extends Exception {
  private static final long serialVersionUID = 1L;

  public TrustMaterialException(String message) {
    super(message);
  }

  public TrustMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
