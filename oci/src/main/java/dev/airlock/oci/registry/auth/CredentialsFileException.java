package dev.airlock.oci.registry.auth;

import java.io.IOException;
import java.nio.file.Path;

/** A docker {@code config.json} that cannot be used; the message names the file and the entry. */
public final class CredentialsFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public CredentialsFileException(Path file, String message) {
    super(file + ": " + message);
  }

  public CredentialsFileException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
  }
}
