package dev.airlock.webhook.admission;

import java.util.Locale;

/** The closed set of {@code reason} labels of {@code airlock_admission_reviews_total}. */
public enum Reason {
  VERIFIED,
  /**
   * Allowed by a rule with {@code allowUnsigned: true}: digest resolved, signatures not checked.
   */
  UNSIGNED_ALLOWED,
  AUDIT,
  EXCLUDED,
  UNMATCHED,
  UNMIRRORED,
  NO_DIGEST,
  UNSIGNED,
  UNTRUSTED,
  DIGEST_MISMATCH,
  IDENTITY_MISMATCH,
  MALFORMED,
  REGISTRY_ERROR,
  TIMEOUT,
  BAD_REQUEST;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
