package dev.airlock.webhook.verify;

/** A digest that is not proven signed; the message is fit for a denial. */
public final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final VerificationFailure failure;

  public VerificationException(VerificationFailure failure, String message) {
    super(message);
    this.failure = failure;
  }

  public VerificationException(VerificationFailure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
  }

  public VerificationFailure failure() {
    return failure;
  }
}
