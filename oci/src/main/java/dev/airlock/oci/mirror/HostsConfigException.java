package dev.airlock.oci.mirror;

import java.nio.file.Path;

/** A certs.d directory or {@code hosts.toml} that airlock refuses to load; names the file. */
public final class HostsConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  public HostsConfigException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public HostsConfigException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
