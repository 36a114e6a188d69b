package dev.airlock.probe.cli;

/**
 * Which command this process runs, known before Quarkus starts so that only {@code serve} binds the
 * HTTP port: {@link ServeHttpConfigSource} turns {@code quarkus.http.host-enabled} on for it. The
 * top command has only options, so the first argument that is not an option names the subcommand.
 */
public final class ServeMode {
  static final String SERVE = "serve";

  private static volatile boolean serving;

  private ServeMode() {}

  /** Records the command of {@code args}; called by {@link ProbeMain#main} before start-up. */
  public static void select(String... args) {
    boolean serve = false;
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        serve = arg.equals(SERVE);
        break;
      }
    }
    serving = serve;
  }

  /** True when this process runs {@code serve}. */
  public static boolean serving() {
    return serving;
  }
}
