package dev.airlock.probe.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged probe agent ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package})
 * run as operators run it: {@code java [-Dkey=value…] -jar quarkus-run.jar <args>}.
 */
public final class PackagedApp {
  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private PackagedApp() {}

  /** A started process; stdout and stderr go to files next to each other in {@code dir}. */
  public record Run(Process process, Path stdout, Path stderr) {
    /** Waits for the exit (failing the test after {@code seconds}); returns the exit code. */
    public int await(long seconds) throws InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("probe agent did not exit within " + seconds + "s: " + describe());
      }
      return process.exitValue();
    }

    public List<String> stdoutLines() throws IOException {
      return Files.readAllLines(stdout);
    }

    public String describe() {
      try {
        return "stdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr);
      } catch (IOException e) {
        return e.toString();
      }
    }

    public void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Starts the jar with system properties {@code properties}, environment additions and args. */
  public static Run start(
      Path dir, Map<String, String> properties, Map<String, String> env, String... args)
      throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run `mvn verify`");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The test JVM's hosts file (root pom): the app resolves loopback names only, like the tests.
    String hostsFile = System.getProperty("jdk.net.hosts.file");
    if (hostsFile != null) {
      command.add("-Djdk.net.hosts.file=" + hostsFile);
    }
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    Files.createDirectories(dir);
    Path out = Files.createTempFile(dir, "stdout-", ".txt");
    Path err = Files.createTempFile(dir, "stderr-", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.toLowerCase().endsWith("_proxy"));
    builder.environment().remove("NODE_NAME");
    builder.environment().putAll(env);
    return new Run(builder.start(), out, err);
  }
}
