package dev.airlock.webhook.verify.cosign;

import dev.airlock.webhook.verify.VerificationFailure;

/**
 * The result of checking signatures against one attestor entry: verified, or a failure with a
 * message fit for a denial.
 *
 * <p>When nothing verifies, the most specific failure is reported. The order, most specific first:
 * {@code identity_mismatch} and {@code digest_mismatch} (a trusted signer signed, but another image
 * or digest), {@code malformed} (a signature that cannot be read, or a trusted signature over a
 * payload that is not a cosign image signature), {@code untrusted} (readable signatures, none by a
 * trusted key or identity), {@code unsigned} (no signature at all). Registry errors are not
 * outcomes: they abort verification with {@code error}.
 *
 * @param failure null when verified
 * @param message the denial message, null when verified
 * @param cause what the underlying check reported (for logs), if anything
 * @param signer when verified: who signed ({@link Signers}), so that an attestor's {@code count}
 *     counts distinct signers; null otherwise or when not known yet
 */
record Outcome(VerificationFailure failure, String message, Throwable cause, String signer) {
  static final Outcome VERIFIED = new Outcome(null, null, null, null);
  static final Outcome UNSIGNED =
      new Outcome(VerificationFailure.UNSIGNED, "no signature found at the mirror", null, null);
  static final Outcome UNTRUSTED_KEY =
      new Outcome(VerificationFailure.UNTRUSTED, "no signature by a trusted key", null, null);

  static final Outcome TOO_FEW_SIGNERS =
      new Outcome(VerificationFailure.UNTRUSTED, "too few distinct trusted signers", null, null);

  static Outcome untrustedIdentity(Throwable cause) {
    return new Outcome(
        VerificationFailure.UNTRUSTED, "no signature by a trusted identity", cause, null);
  }

  static Outcome malformed(String detail) {
    return new Outcome(VerificationFailure.MALFORMED, "malformed signature: " + detail, null, null);
  }

  static Outcome digestMismatch(String claimed) {
    return new Outcome(
        VerificationFailure.DIGEST_MISMATCH,
        "trusted signature is for another digest: " + claimed,
        null,
        null);
  }

  static Outcome identityMismatch(String detail) {
    return new Outcome(VerificationFailure.IDENTITY_MISMATCH, detail, null, null);
  }

  /** The same outcome with {@code suffix} appended to its message. */
  Outcome withSuffix(String suffix) {
    return new Outcome(failure, message + suffix, cause, signer);
  }

  /** A verified outcome made by {@code signer}; a failure is returned as it is. */
  Outcome by(String signer) {
    return verified() ? new Outcome(null, null, null, signer) : this;
  }

  boolean verified() {
    return failure == null;
  }

  /** Higher is more specific; verified is highest. */
  int rank() {
    if (failure == null) {
      return 6;
    }
    return switch (failure) {
      case IDENTITY_MISMATCH -> 5;
      case DIGEST_MISMATCH -> 4;
      case MALFORMED -> 3;
      case UNTRUSTED -> 2;
      case UNSIGNED -> 1;
      case ERROR -> 0;
    };
  }

  /** The more specific of two outcomes; the first on a tie. */
  Outcome or(Outcome other) {
    return other.rank() > rank() ? other : this;
  }
}
