package dev.airlock.oci.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * A packaged Quarkus app that serves HTTPS, run by the one launcher ({@link AppProcess}) on a free
 * HTTPS port and a free plain management port of 127.0.0.1, with a client that trusts its serving
 * CA: the webhook in its own ITs, in the end-to-end tests against jar or native executable, in the
 * demo and in the benches. The ports are given as environment variables ({@code
 * QUARKUS_HTTP_SSL_PORT}, {@code QUARKUS_MANAGEMENT_PORT}, …), which native executables read as
 * jars do; when Quarkus reports a port taken meanwhile by another process, the app is started again
 * on new ports (up to three times).
 */
public final class ServedApp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Quarkus's words when a port it was given is taken (another process took it after us). */
  private static final String PORT_TAKEN = "seems to be in use by another process";

  private static final int START_ATTEMPTS = 3;

  /** What to start and how to reach it. */
  public static final class Spec {
    private final String name;
    private final Path runner;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private SSLContext clientTls;
    private HttpClient.Version version = HttpClient.Version.HTTP_2;
    private Duration startLimit = Duration.ofSeconds(90);
    private Path workDir;

    private Spec(String name, Path runner) {
      this.name = name;
      this.runner = runner;
    }

    /** Configuration as {@code -D} system properties (dotted keys). */
    public Spec properties(Map<String, String> values) {
      properties.putAll(values);
      return this;
    }

    /** Configuration as environment variables (as a deployment sets it). */
    public Spec env(Map<String, String> values) {
      env.putAll(values);
      return this;
    }

    /** The serving certificate and key (PEM files). */
    public Spec serving(Path certFile, Path keyFile) {
      env.put("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", certFile.toString());
      env.put("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", keyFile.toString());
      return this;
    }

    /** The client's trust (the serving CA); without one, {@link #get} and friends refuse. */
    public Spec client(SSLContext tls, HttpClient.Version clientVersion) {
      this.clientTls = tls;
      this.version = clientVersion;
      return this;
    }

    public Spec startLimit(Duration limit) {
      this.startLimit = limit;
      return this;
    }

    /** Where the output files go; a new temporary directory when not given. */
    public Spec workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** Starts the process; wait for it with {@link #awaitListening()} or {@link #awaitReady()}. */
    public ServedApp start() throws IOException {
      if (!Files.isRegularFile(runner)) {
        throw new IllegalStateException(
            runner.toAbsolutePath() + " missing: build it first (mvn -B -DskipTests package)");
      }
      if (workDir == null) {
        workDir = Files.createTempDirectory("airlock-" + name);
      }
      ServedApp app = new ServedApp(this);
      app.launch();
      return app;
    }
  }

  private final Spec spec;
  private final HttpClient http;
  private AppProcess process;
  private int port;
  private int managementPort;

  private ServedApp(Spec spec) {
    this.spec = spec;
    this.http =
        spec.clientTls == null
            ? null
            : HttpClient.newBuilder()
                .version(spec.version)
                .sslContext(spec.clientTls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
  }

  /** A spec for {@code runner} ({@code quarkus-run.jar} or a native executable). */
  public static Spec of(String name, Path runner) {
    return new Spec(name, runner.toAbsolutePath().normalize());
  }

  private void launch() throws IOException {
    port = FreePorts.next();
    managementPort = FreePorts.next();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(port));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    env.putAll(spec.env);
    process =
        AppProcess.start(spec.name, spec.runner, spec.properties, List.of(), env, spec.workDir);
  }

  /**
   * Waits until the app logs that it listens; fails with its output (and stops it) when it exits
   * first or does not listen within the start limit.
   */
  public ServedApp awaitListening() throws IOException, InterruptedException {
    return await(() -> process.output().contains("Listening on"), "listening");
  }

  /** Waits until {@code /q/health/ready} answers 200 (needs a client, see {@link Spec#client}). */
  public ServedApp awaitReady() throws IOException, InterruptedException {
    return await(
        () -> {
          try {
            return get("/q/health/ready").statusCode() == 200;
          } catch (IOException e) {
            return false;
          }
        },
        "ready");
  }

  private interface Check {
    boolean passed() throws IOException, InterruptedException;
  }

  private ServedApp await(Check check, String what) throws IOException, InterruptedException {
    long end = System.nanoTime() + spec.startLimit.toNanos();
    int attempts = 1;
    while (System.nanoTime() < end) {
      if (check.passed()) {
        return this;
      }
      if (!process.alive()) {
        if (process.output().contains(PORT_TAKEN) && attempts++ < START_ATTEMPTS) {
          launch();
          continue;
        }
        throw failed(spec.name + " exited before it was " + what + "; " + describe());
      }
      Thread.sleep(200);
    }
    throw failed(spec.name + " not " + what + " within " + spec.startLimit + "; " + describe());
  }

  /** Stops the process (a failed start leaves nothing running) and returns the failure. */
  private AssertionError failed(String message) throws InterruptedException {
    process.close();
    return new AssertionError(message);
  }

  /** Waits for the process to exit (it must, within the start limit) and returns its code. */
  public int awaitExit() throws InterruptedException {
    return process.waitFor(spec.startLimit);
  }

  /** {@code GET}; {@code /q/...} (health, metrics) from the plain management port. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client()
        .send(
            HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** {@code POST} of {@code body} as {@code application/json}. */
  public HttpResponse<String> post(String path, byte[] body)
      throws IOException, InterruptedException {
    return client().send(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
  }

  /** The same, asynchronously (for concurrent load). */
  public CompletableFuture<HttpResponse<String>> postAsync(String path, byte[] body) {
    return client().sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * POSTs an AdmissionReview and returns its {@code response}; anything but HTTP 200, or a response
   * for another {@code uid}, is a failure.
   */
  public JsonNode review(String path, byte[] review) throws IOException, InterruptedException {
    return review(path, review, Duration.ofSeconds(30));
  }

  /**
   * As {@link #review(String, byte[])}, the client giving up after {@code timeout} (as
   * kube-apiserver does at its webhook timeout).
   */
  public JsonNode review(String path, byte[] review, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse<String> answer =
        client().send(postRequest(path, review, timeout), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new AssertionError(
          "POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
    JsonNode response = JSON.readTree(answer.body()).path("response");
    String uid = JSON.readTree(review).path("request").path("uid").asText();
    if (!uid.equals(response.path("uid").asText())) {
      throw new AssertionError(
          "POST " + path + " answered uid " + response.path("uid") + ", sent " + uid);
    }
    return response;
  }

  /**
   * The status line of a {@code POST} whose head announces {@code contentLength} bytes and whose
   * body is never sent (the app must refuse by length before reading).
   */
  public String statusForHeadOnly(String path, long contentLength) throws IOException {
    if (spec.clientTls == null) {
      throw new IllegalStateException(spec.name + " was started without a client trust");
    }
    return HeadOnlyPost.statusLine(spec.clientTls, port, path, contentLength);
  }

  private HttpRequest postRequest(String path, byte[] body) {
    return postRequest(path, body, Duration.ofSeconds(30));
  }

  private HttpRequest postRequest(String path, byte[] body, Duration timeout) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private HttpClient client() {
    if (http == null) {
      throw new IllegalStateException(spec.name + " was started without a client trust");
    }
    return http;
  }

  private URI uri(String path) {
    return URI.create((path.startsWith("/q/") ? managementUrl() : baseUrl()) + path);
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

  /** Everything the app wrote, stdout then stderr. */
  public String output() {
    return process.output();
  }

  public List<String> stdoutLines() {
    return process.stdoutLines();
  }

  public boolean alive() {
    return process.alive();
  }

  /** Exit state and the last lines of the output, for failure messages. */
  public String describe() {
    return process.describe();
  }

  /** The operating-system process id (for RSS and CPU readings from /proc). */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
