package dev.airlock.probe;

/**
 * Process exit codes of every probe-agent command (design.md "Probe agent"), in the root package so
 * that the top command in {@code cli} and each feature package's command use them without an import
 * cycle.
 */
public final class ExitCodes {
  /** Success: for {@code egress}, nothing was reachable. */
  public static final int OK = 0;

  /** Bad usage: unknown option, invalid value, unreadable file. */
  public static final int USAGE = 1;

  /**
   * The check found a problem, or could not run (the mirror configuration does not load): {@code
   * preflight}, {@code inventory}, {@code lint-node}, {@code in-use}. The same number as {@link
   * #USAGE}, as design.md gives those commands "0 / 1".
   */
  public static final int FAILED = 1;

  /** {@code egress}: at least one target was reachable. */
  public static final int LEAK = 2;

  private ExitCodes() {}
}
