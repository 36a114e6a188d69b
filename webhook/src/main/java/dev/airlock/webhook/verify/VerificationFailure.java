package dev.airlock.webhook.verify;

/**
 * Why a signature check did not pass: a closed set, used in denial messages and as the {@code
 * result} label of {@code airlock_image_verifications_total}.
 */
public enum VerificationFailure {
  /** No signature of any supported kind exists for the digest. */
  UNSIGNED("unsigned"),
  /** Signatures exist, but none verifies with a trusted key or identity. */
  UNTRUSTED("untrusted"),
  /** A valid signature whose payload names another digest. */
  DIGEST_MISMATCH("digest_mismatch"),
  /** A valid signature whose docker-reference does not match as the rule requires. */
  IDENTITY_MISMATCH("identity_mismatch"),
  /** A signature artifact that cannot be read (bad base64, bad JSON, wrong critical.type). */
  MALFORMED("malformed"),
  /** The check could not be completed (registry error, timeout, bad trust material). */
  ERROR("error");

  private final String label;

  VerificationFailure(String label) {
    this.label = label;
  }

  /** The metric label and reason string. */
  public String label() {
    return label;
  }
}
