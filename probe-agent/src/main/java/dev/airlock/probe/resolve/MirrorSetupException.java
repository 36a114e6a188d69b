package dev.airlock.probe.resolve;

/** The mirror configuration cannot be used (key unset, broken hosts.toml, bad auth file). */
public final class MirrorSetupException extends Exception {
  private static final long serialVersionUID = 1L;

  public MirrorSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
