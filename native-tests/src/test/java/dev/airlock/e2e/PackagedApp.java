package dev.airlock.e2e;

import dev.airlock.oci.testing.AppProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The packaged apps under test: the runner comes from a system property the failsafe configuration
 * sets ({@code airlock.webhook.runner}, {@code airlock.probe.runner}), so the same tests run
 * against the fast-jar here and the native executable under {@code -Pnative}; started by the shared
 * launcher ({@link AppProcess}) with their configuration as environment variables (design.md).
 */
final class PackagedApp {
  static final String WEBHOOK = "airlock.webhook.runner";
  static final String PROBE = "airlock.probe.runner";

  private PackagedApp() {}

  /** The runner named by system property {@code property}; fails loudly when it is missing. */
  static Path runner(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run through mvn verify (native-tests)");
    }
    Path path = Path.of(value).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          path
              + " does not exist: build the apps first (mvn -B -DskipTests package; -Pnative for"
              + " the executables)");
    }
    return path;
  }

  /** Starts {@code runner} with {@code args} and {@code env}; output files in {@code workDir}. */
  static AppProcess start(Path runner, List<String> args, Map<String, String> env, Path workDir)
      throws IOException {
    String name = runner.toString().contains("probe") ? "probe-agent" : "webhook";
    return AppProcess.start(name, runner, Map.of(), args, env, workDir);
  }
}
