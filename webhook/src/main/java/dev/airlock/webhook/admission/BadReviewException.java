package dev.airlock.webhook.admission;

/** A request body that is not a usable AdmissionReview; answered with 400 and the message. */
public final class BadReviewException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadReviewException(String message) {
    super(message);
  }
}
