package dev.airlock.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the packaged apps run as a process, the way operators run it: {@code java -jar
 * quarkus-run.jar <args>} for the fast-jar, the executable itself under {@code -Pnative}. The
 * runner comes from a system property the failsafe configuration sets ({@code
 * airlock.webhook.runner}, {@code airlock.probe.runner}), so the same tests run against either
 * artifact. Configuration is passed as environment variables (design.md), stdout and stderr are
 * kept apart in files.
 */
final class PackagedApp implements AutoCloseable {
  static final String WEBHOOK = "airlock.webhook.runner";
  static final String PROBE = "airlock.probe.runner";

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private PackagedApp(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

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

  /**
   * Starts {@code runner} with {@code args}; {@code env} is added to this process's environment
   * minus any proxy variables (the apps must talk to loopback directly). Output files go to {@code
   * workDir}.
   */
  static PackagedApp start(Path runner, List<String> args, Map<String, String> env, Path workDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (runner.toString().endsWith(".jar")) {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-jar");
    }
    command.add(runner.toString());
    command.addAll(args);
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, "stdout-", ".txt");
    Path err = Files.createTempFile(workDir, "stderr-", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.toLowerCase().endsWith("_proxy"));
    builder.environment().putAll(env);
    return new PackagedApp(builder.start(), out, err);
  }

  /** Waits for the process to exit and returns its exit code; kills it after {@code limit}. */
  int waitFor(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("process did not exit within " + limit + "; " + describe());
    }
    return process.exitValue();
  }

  /** The operating-system process id (for RSS and CPU readings from /proc). */
  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String stdout() {
    return read(stdout);
  }

  List<String> stdoutLines() {
    return stdout().lines().toList();
  }

  String stderr() {
    return read(stderr);
  }

  /** Exit state and both outputs, for failure messages. */
  String describe() {
    return (process.isAlive() ? "running" : "exit code " + process.exitValue())
        + "\n--- stdout ---\n"
        + stdout()
        + "\n--- stderr ---\n"
        + stderr();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    }
  }
}
