package dev.airlock.webhook.admission;

/**
 * A request body that is not a usable AdmissionReview; answered with 400 and the message. The
 * message echoes parts of the body, so it is made one line here, whoever builds it: control
 * characters and line separators become {@code \\uXXXX} (found by AdmissionReviewFuzzTest: an
 * {@code apiVersion} with a newline split the answer).
 */
public final class BadReviewException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadReviewException(String message) {
    super(oneLine(message));
  }

  static String oneLine(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
