package dev.airlock.demo;

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
 * A packaged airlock app run the way an operator runs it: {@code java -jar quarkus-run.jar <args>}
 * for a fast-jar, the executable itself otherwise; configuration as environment variables
 * (design.md), proxy variables removed (everything here is loopback), stdout and stderr in files.
 */
final class AppProcess implements AutoCloseable {
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

  /** The runner at {@code path}; fails with what to do when it is missing. */
  static Path runner(Path path) {
    Path runner = path.toAbsolutePath().normalize();
    if (!Files.isRegularFile(runner)) {
      throw new DemoFailure(
          runner + " does not exist: build first (mvn -B -ntp -DskipTests package)");
    }
    return runner;
  }

  static AppProcess start(
      String name, Path runner, List<String> args, Map<String, String> env, Path workDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (runner.toString().endsWith(".jar")) {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-jar");
    }
    command.add(runner.toString());
    command.addAll(args);
    Files.createDirectories(workDir);
    Path out = workDir.resolve(name + ".stdout");
    Path err = workDir.resolve(name + ".stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.toLowerCase().endsWith("_proxy"));
    builder.environment().keySet().removeIf(key -> key.startsWith("AIRLOCK_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    Children.record();
    return new AppProcess(name, process, out, err);
  }

  /** Waits for the exit code; kills the process after {@code limit}. */
  int waitFor(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new DemoFailure(name + " did not exit within " + limit + "; " + describe());
    }
    return process.exitValue();
  }

  boolean alive() {
    return process.isAlive();
  }

  String stdout() {
    return read(stdout);
  }

  /** Exit state and both outputs (last lines), for failure messages. */
  String describe() {
    return name
        + " "
        + (process.isAlive() ? "running" : "exit code " + process.exitValue())
        + "\n--- stdout ---\n"
        + tail(read(stdout))
        + "\n--- stderr ---\n"
        + tail(read(stderr));
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
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
