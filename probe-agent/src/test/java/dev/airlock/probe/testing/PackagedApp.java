package dev.airlock.probe.testing;

import dev.airlock.oci.testing.AppProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The probe agent's fast-jar ({@code target/quarkus-app}), started by the shared launcher. */
public final class PackagedApp {
  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private PackagedApp() {}

  /** Starts the jar with system properties {@code properties}, environment additions and args. */
  public static AppProcess start(
      Path dir, Map<String, String> properties, Map<String, String> env, String... args)
      throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run `mvn verify`");
    }
    return AppProcess.start(
        "probe-agent", JAR.toAbsolutePath(), properties, List.of(args), env, dir);
  }
}
