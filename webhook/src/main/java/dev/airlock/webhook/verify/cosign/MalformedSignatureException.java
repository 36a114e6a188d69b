package dev.airlock.webhook.verify.cosign;

/** A signature artifact that cannot be read; the message says what is wrong, for a denial. */
final class MalformedSignatureException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedSignatureException(String message) {
    super(message);
  }

  MalformedSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
