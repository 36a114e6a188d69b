package dev.airlock.oci.testing;

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
 * The one process launcher of every module's tests, demo and benches: a packaged airlock app run
 * the way operators run it ({@code java -jar quarkus-run.jar …} for a fast-jar, the executable
 * itself for a native build), its configuration given as environment variables and system
 * properties, stdout and stderr kept apart in files of {@code workDir}. The child does not inherit
 * proxy variables (it must reach loopback directly) nor {@code AIRLOCK_*} and {@code NODE_NAME}
 * settings of the shell that runs the tests; a jar gets the test JVM's {@code jdk.net.hosts.file}.
 * {@link #close()} stops it (SIGTERM, then SIGKILL after 15 s).
 */
public final class AppProcess implements AutoCloseable {
  private static final Duration STOP_LIMIT = Duration.ofSeconds(15);

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private AppProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code runner} (a {@code .jar} is run by this JVM's {@code java -jar}, with {@code
   * systemProperties} as {@code -D} options; an executable gets them as {@code -D} arguments after
   * its own name, which Quarkus native executables read the same way) with {@code args}.
   */
  public static AppProcess start(
      String name,
      Path runner,
      Map<String, String> systemProperties,
      List<String> args,
      Map<String, String> env,
      Path workDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    boolean jar = runner.toString().endsWith(".jar");
    if (jar) {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // the test JVM's hosts file (root pom): the app resolves loopback names only, as the tests do
      String hostsFile = System.getProperty("jdk.net.hosts.file");
      if (hostsFile != null && !systemProperties.containsKey("jdk.net.hosts.file")) {
        command.add("-Djdk.net.hosts.file=" + hostsFile);
      }
      systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
      command.add("-jar");
      command.add(runner.toString());
    } else {
      command.add(runner.toString());
      systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    }
    command.addAll(args);
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, name + "-", ".stdout");
    Path err = Files.createTempFile(workDir, name + "-", ".stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.toLowerCase().endsWith("_proxy"));
    builder.environment().keySet().removeIf(key -> key.startsWith("AIRLOCK_"));
    builder.environment().remove("NODE_NAME");
    builder.environment().putAll(env);
    return new AppProcess(name, builder.start(), out, err);
  }

  /** Waits for the exit code; kills the process and fails after {@code limit}. */
  public int waitFor(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(name + " did not exit within " + limit + "; " + describe());
    }
    return process.exitValue();
  }

  public String name() {
    return name;
  }

  /** The operating-system process id (for RSS and CPU readings from /proc). */
  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public String stdout() {
    return read(stdout);
  }

  public List<String> stdoutLines() {
    return stdout().lines().toList();
  }

  public String stderr() {
    return read(stderr);
  }

  /** Both outputs, stdout first. */
  public String output() {
    return stdout() + stderr();
  }

  /** Exit state and the last 200 lines of both outputs, for failure messages. */
  public String describe() {
    return name
        + " "
        + (process.isAlive() ? "running" : "exit code " + process.exitValue())
        + "\n--- stdout ---\n"
        + tail(stdout())
        + "\n--- stderr ---\n"
        + tail(stderr());
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()));
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
    if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
