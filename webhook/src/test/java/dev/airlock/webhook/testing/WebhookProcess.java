package dev.airlock.webhook.testing;

import dev.airlock.oci.testing.AppProcess;
import dev.airlock.oci.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The packaged webhook ({@code target/quarkus-app/quarkus-run.jar}) run as a process by ITs. */
public final class WebhookProcess implements AutoCloseable {
  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  /** Quarkus's words when a port it was given is taken (another process took it after us). */
  private static final String PORT_TAKEN = "seems to be in use by another process";

  private static final int START_ATTEMPTS = 3;

  private final Map<String, String> config;
  private final Map<String, String> env;
  private AppProcess process;
  private Path workDir;
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
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("quarkus.http.ssl-port", Integer.toString(port));
    properties.put("quarkus.http.host", "127.0.0.1");
    properties.put("quarkus.management.port", Integer.toString(managementPort));
    properties.put("quarkus.management.host", "127.0.0.1");
    properties.putAll(config);
    if (workDir == null) {
      workDir = Files.createTempDirectory("airlock-webhook");
    }
    process =
        AppProcess.start("webhook", JAR.toAbsolutePath(), properties, List.of(), env, workDir);
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
      if (!process.alive()) {
        if (out.contains(PORT_TAKEN) && attempts++ < START_ATTEMPTS) {
          start();
          continue;
        }
        throw new AssertionError("webhook exited:\n" + process.describe());
      }
      Thread.sleep(200);
    }
    throw new AssertionError("webhook did not start within " + START_LIMIT + ":\n" + output());
  }

  /** Waits for the process to exit (it must) and returns its exit code. */
  public int awaitExit() throws InterruptedException, IOException {
    return process.waitFor(START_LIMIT);
  }

  /** Everything the app wrote, stdout then stderr. */
  public String output() throws IOException {
    return process.output();
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
    process.close();
  }
}
