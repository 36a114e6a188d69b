package dev.airlock.webhook.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged webhook ({@code target/quarkus-app/quarkus-run.jar}) run as a process by ITs. */
public final class WebhookProcess implements AutoCloseable {
  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final int port;
  private final int managementPort;

  private WebhookProcess(Process process, Path log, int port, int managementPort) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.managementPort = managementPort;
  }

  /**
   * Starts the app with {@code config} as system properties on a free HTTPS port and a free
   * management port.
   */
  public static WebhookProcess launch(Map<String, String> config) throws IOException {
    return launch(config, Map.of());
  }

  /** As {@link #launch(Map)}, with extra environment variables. */
  public static WebhookProcess launch(Map<String, String> config, Map<String, String> env)
      throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " missing: run mvn verify (package)");
    }
    int port = freePort();
    int managementPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dquarkus.http.ssl-port=" + port);
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.management.port=" + managementPort);
    command.add("-Dquarkus.management.host=127.0.0.1");
    config.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(JAR.toString());
    Path log = Files.createTempFile("airlock-webhook", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new WebhookProcess(builder.start(), log, port, managementPort);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the app logs that it listens, or fails with its output. */
  public WebhookProcess awaitStarted() throws IOException, InterruptedException {
    Instant limit = Instant.now().plus(START_LIMIT);
    while (Instant.now().isBefore(limit)) {
      String out = output();
      if (out.contains("Listening on")) {
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError("webhook exited with " + process.exitValue() + ":\n" + out);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("webhook did not start within " + START_LIMIT + ":\n" + output());
  }

  /** Waits for the process to exit (it must) and returns its exit code. */
  public int awaitExit() throws InterruptedException, IOException {
    if (!process.waitFor(START_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(
          "webhook still running; expected it to refuse to start:\n" + output());
    }
    return process.exitValue();
  }

  public String output() throws IOException {
    return Files.readString(log);
  }

  /** {@code https://127.0.0.1:<port>} */
  public String baseUrl() {
    return "https://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<management port>}: {@code /q/health/*}, {@code /q/metrics}. */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
