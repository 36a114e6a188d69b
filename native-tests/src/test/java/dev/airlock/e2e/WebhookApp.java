package dev.airlock.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.testing.AppProcess;
import dev.airlock.oci.testing.FreePorts;
import dev.airlock.oci.testing.HeadOnlyPost;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The packaged webhook started with the configuration a deployment sets (design.md: policy file,
 * hosts directory, serving certificate — as environment variables), on a free HTTPS port of
 * 127.0.0.1, and a client that trusts its serving CA.
 */
final class WebhookApp implements AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AppProcess app;
  private final int port;
  private final int managementPort;
  private final HttpClient http;
  private final javax.net.ssl.SSLContext tls;

  private WebhookApp(
      AppProcess app, int port, int managementPort, HttpClient http, javax.net.ssl.SSLContext tls) {
    this.app = app;
    this.port = port;
    this.managementPort = managementPort;
    this.http = http;
    this.tls = tls;
  }

  /** Starts the runner of system property {@code airlock.webhook.runner} and waits until ready. */
  static WebhookApp start(SignedMirror mirror, Path workDir)
      throws IOException, InterruptedException {
    return start(
        PackagedApp.runner(PackagedApp.WEBHOOK),
        mirror,
        workDir,
        Map.of(),
        HttpClient.Version.HTTP_2);
  }

  /**
   * Starts {@code runner} with {@code extraEnv} added, and waits until it is ready; the client
   * speaks {@code version} (HTTP/2 multiplexes one connection; HTTP/1.1 opens one per request in
   * flight).
   */
  static WebhookApp start(
      Path runner,
      SignedMirror mirror,
      Path workDir,
      Map<String, String> extraEnv,
      HttpClient.Version version)
      throws IOException, InterruptedException {
    TestPki.Issued serving = mirror.pki().serverCert("webhook");
    int port = FreePorts.next();
    int managementPort = FreePorts.next();
    Map<String, String> env = new HashMap<>();
    env.put("AIRLOCK_POLICY_FILE", mirror.policyFile().toString());
    env.put("AIRLOCK_MIRROR_HOSTS_DIR", mirror.hostsDir().toString());
    env.put("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", serving.certFile().toString());
    env.put("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", serving.keyFile().toString());
    env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(port));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    env.putAll(extraEnv);
    WebhookApp webhook =
        new WebhookApp(
            PackagedApp.start(runner, List.of(), env, workDir),
            port,
            managementPort,
            client(mirror, version),
            mirror.pki().clientContext());
    webhook.awaitReady();
    return webhook;
  }

  private void awaitReady() throws InterruptedException {
    long end = System.nanoTime() + START_LIMIT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < end) {
      if (!app.alive()) {
        throw new AssertionError("webhook exited before it was ready; " + app.describe());
      }
      try {
        HttpResponse<String> ready = get("/q/health/ready");
        if (ready.statusCode() == 200) {
          return;
        }
        last = ready.statusCode() + " " + ready.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "webhook not ready within " + START_LIMIT + " (last: " + last + "); " + app.describe());
  }

  /**
   * {@code GET https://127.0.0.1:<port><path>}; {@code /q/...} (health, metrics) from the plain
   * management port.
   */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code POST} of {@code body} as {@code application/json}. */
  HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
    return http.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * {@code POST} over HTTP/1.1 with {@code Expect: 100-continue}, so that the server can refuse a
   * body by its {@code Content-Length} before it is sent (RFC 9110 §10.1.1).
   */
  /**
   * The status line of a {@code POST} whose head announces {@code contentLength} bytes and whose
   * body is never sent (the webhook must refuse by length before reading).
   */
  String statusForHeadOnly(String path, long contentLength) throws IOException {
    return HeadOnlyPost.statusLine(tls, port, path, contentLength);
  }

  /** The same, asynchronously (for concurrent load). */
  CompletableFuture<HttpResponse<String>> postAsync(String path, byte[] body) {
    return http.sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * POSTs an AdmissionReview and returns its {@code response}, failing unless the status is 200.
   */
  JsonNode review(String path, byte[] review) throws IOException, InterruptedException {
    HttpResponse<String> answer = post(path, review);
    if (answer.statusCode() != 200) {
      throw new AssertionError(
          "POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return JSON.readTree(answer.body()).path("response");
  }

  private HttpRequest postRequest(String path, byte[] body) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private URI uri(String path) {
    return path.startsWith("/q/")
        ? URI.create("http://127.0.0.1:" + managementPort + path)
        : URI.create("https://127.0.0.1:" + port + path);
  }

  private static HttpClient client(SignedMirror mirror, HttpClient.Version version) {
    return HttpClient.newBuilder()
        .version(version)
        .sslContext(mirror.pki().clientContext())
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** The webhook's process id. */
  long pid() {
    return app.pid();
  }

  @Override
  public void close() throws InterruptedException {
    app.close();
  }
}
