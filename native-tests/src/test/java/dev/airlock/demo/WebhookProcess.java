package dev.airlock.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.testing.AdmissionReviews;
import dev.airlock.oci.testing.AppProcess;
import dev.airlock.oci.testing.FreePorts;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The packaged webhook, configured with exactly the keys a deployment sets (design.md "Webhook
 * configuration", as environment variables), serving HTTPS on a free port of 127.0.0.1 with a
 * certificate from the demo CA; and a client that trusts that CA, as kube-apiserver would through
 * the webhook configuration's {@code caBundle}.
 */
final class WebhookProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_LIMIT = Duration.ofSeconds(90);

  private final AppProcess app;
  private final int port;
  private final int managementPort;
  private final HttpClient http;

  private WebhookProcess(AppProcess app, int port, int managementPort, HttpClient http) {
    this.app = app;
    this.port = port;
    this.managementPort = managementPort;
    this.http = http;
  }

  static WebhookProcess start(Path runner, DemoMirror mirror, Path workDir)
      throws IOException, InterruptedException {
    TestPki.Issued serving = mirror.pki().serverCert("webhook");
    int port = FreePorts.next();
    int managementPort = FreePorts.next();
    Map<String, String> env =
        Map.of(
            "QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort),
            "QUARKUS_MANAGEMENT_HOST", "127.0.0.1",
            "AIRLOCK_POLICY_FILE", mirror.policyFile().toString(),
            "AIRLOCK_MIRROR_HOSTS_DIR", mirror.hostsDir().toString(),
            "QUARKUS_HTTP_SSL_CERTIFICATE_FILES", serving.certFile().toString(),
            "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", serving.keyFile().toString(),
            "QUARKUS_HTTP_SSL_PORT", Integer.toString(port),
            "QUARKUS_HTTP_HOST", "127.0.0.1");
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(mirror.pki().clientContext())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    AppProcess app = AppProcess.start("webhook", runner, Map.of(), List.of(), env, workDir);
    Children.record();
    WebhookProcess webhook = new WebhookProcess(app, port, managementPort, http);
    try {
      Ports.await(http, webhook.uri("/q/health/ready"), body -> true, app, START_LIMIT);
    } catch (RuntimeException | InterruptedException e) {
      webhook.close();
      throw e;
    }
    return webhook;
  }

  /**
   * POSTs a review to {@code path} (e.g. {@code /mutate?timeout=10s}, the query kube-apiserver
   * adds) and returns its {@code response}; anything but HTTP 200 is a failure.
   */
  JsonNode review(String path, JsonNode review) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(AdmissionReviews.bytes(review)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new DemoFailure(
          "POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
    JsonNode response = JSON.readTree(answer.body()).path("response");
    String uid = review.path("request").path("uid").asText();
    if (!uid.equals(response.path("uid").asText())) {
      throw new DemoFailure(
          "POST " + path + " answered uid " + response.path("uid") + ", sent " + uid);
    }
    return response;
  }

  String metrics() throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(uri("/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  String origin() {
    return "https://127.0.0.1:" + port;
  }

  /** {@code /q/...} (health, metrics) is served on the plain management port. */
  private URI uri(String path) {
    return path.startsWith("/q/")
        ? URI.create("http://127.0.0.1:" + managementPort + path)
        : URI.create(origin() + path);
  }

  String describe() {
    return app.describe();
  }

  @Override
  public void close() throws InterruptedException {
    app.close();
  }
}
