package dev.airlock.probe.cli;

/** Process exit codes shared by the commands (design.md "Probe agent"). */
public final class ExitCodes {
  /** Success: for {@code egress}, nothing was reachable. */
  public static final int OK = 0;

  /** Bad usage: unknown option, invalid value, unreadable file. */
  public static final int USAGE = 1;

  /** {@code egress}: at least one target was reachable. */
  public static final int LEAK = 2;

  private ExitCodes() {}
}
