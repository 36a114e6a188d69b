package dev.airlock.probe.images;

/** An image list that cannot be read; the message names the file and line. */
public final class ImageListException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImageListException(String message) {
    super(message);
  }

  public ImageListException(String message, Throwable cause) {
    super(message, cause);
  }
}
