package dev.airlock.oci.ref;

/** A string that is not a valid image reference; {@link #part()} names the offending part. */
public final class InvalidReferenceException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The part of a reference that failed to parse. */
  public enum Part {
    REFERENCE,
    DOMAIN,
    PATH,
    TAG,
    DIGEST
  }

  private final Part part;
  private final String input;

  public InvalidReferenceException(Part part, String input, String reason) {
    super(reason);
    this.part = part;
    this.input = input;
  }

  public Part part() {
    return part;
  }

  /** The string that was being parsed. */
  public String input() {
    return input;
  }
}
