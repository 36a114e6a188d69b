package dev.airlock.webhook.testing;

import dev.airlock.oci.testing.FreePorts;
import java.io.IOException;
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

  /** Quarkus's words when a port it was given is taken (another process took it after us). */
  private static final String PORT_TAKEN = "seems to be in use by another process";

  private static final int START_ATTEMPTS = 3;

  private final Map<String, String> config;
  private final Map<String, String> env;
  private Process process;
  private Path log;
  private int port;
  private int managementPort;

  private WebhookProcess(Map<String, String> config, Map<String, String> env) {
    this.config = Map.copyOf(config);
    this.env = Map.copyOf(env);
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
    WebhookProcess webhook = new WebhookProcess(config, env);
    webhook.start();
    return webhook;
  }

  private void start() throws IOException {
    port = FreePorts.next();
    managementPort = FreePorts.next();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dquarkus.http.ssl-port=" + port);
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.management.port=" + managementPort);
    command.add("-Dquarkus.management.host=127.0.0.1");
    config.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(JAR.toString());
    log = Files.createTempFile("airlock-webhook", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    process = builder.start();
  }

  /**
   * Waits until the app logs that it listens, or fails with its output. When a port it was given
   * was taken meanwhile by another process, starts it again on new ports (up to three times).
   */
  public WebhookProcess awaitStarted() throws IOException, InterruptedException {
    Instant limit = Instant.now().plus(START_LIMIT);
    int attempts = 1;
    while (Instant.now().isBefore(limit)) {
      String out = output();
      if (out.contains("Listening on")) {
        return this;
      }
      if (!process.isAlive()) {
        if (out.contains(PORT_TAKEN) && attempts++ < START_ATTEMPTS) {
          start();
          continue;
        }
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
