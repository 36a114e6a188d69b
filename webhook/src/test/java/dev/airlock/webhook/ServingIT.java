package dev.airlock.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.testing.ServedApp;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.WebhookJar;
import dev.airlock.webhook.testing.WebhookTestResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged webhook's HTTPS port as an attacker meets it: client certificates (issue 12, finding
 * 4: {@code QUARKUS_HTTP_SSL_CLIENT_AUTH=required} was ignored at run time and every client was
 * served), TLS 1.2 cipher suites, 413 over HTTP/2, and health and metrics only on the plain
 * management port.
 */
class ServingIT {
  @TempDir Path dir;

  private Map<String, String> config(TestPki pki) throws IOException {
    Map<String, String> config = new HashMap<>(WebhookTestResource.writeFiles(dir));
    TestPki.Issued serving = pki.serverCert("webhook");
    config.put("quarkus.http.ssl.certificate.files", serving.certFile().toString());
    config.put("quarkus.http.ssl.certificate.key-files", serving.keyFile().toString());
    return config;
  }

  private static HttpClient client(SSLContext tls, HttpClient.Version version) {
    return HttpClient.newBuilder()
        .sslContext(tls)
        .version(version)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static HttpResponse<String> mutate(HttpClient client, ServedApp app) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(app.baseUrl() + "/mutate"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    Reviews.bytes(Reviews.review("Pod", "default", "ghcr.io/x/y:1"))))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void clientAuthRequired_onlyClientsWithACertificateOfTheTrustedCaAreServed() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    TestPki apiserverCa = TestPki.create(dir.resolve("clients"), "clients");
    TestPki stranger = TestPki.create(dir.resolve("stranger"), "stranger");
    Map<String, String> config = config(pki);
    config.put("airlock.serving.client-auth", "required");
    config.put("quarkus.http.ssl.certificate.trust-store-files", apiserverCa.caFile().toString());

    try (ServedApp app = WebhookJar.launch(config).awaitListening()) {
      for (HttpClient.Version version : HttpClient.Version.values()) {
        HttpResponse<String> anonymous = mutate(client(pki.clientContext(), version), app);
        assertThat(anonymous.statusCode()).as(version.name()).isEqualTo(401);
        assertThat(anonymous.body())
            .isEqualTo("no client certificate: this webhook requires one (client-auth)");

        SSLContext apiserver = pki.context(apiserverCa.clientCert("kube-apiserver"), true);
        HttpResponse<String> authenticated = mutate(client(apiserver, version), app);
        assertThat(authenticated.statusCode()).as(version.name()).isEqualTo(200);

        // A certificate of another CA is either not offered (the JDK client picks only one whose
        // issuer the server asked for) or refused in the handshake: never served.
        SSLContext forged = pki.context(stranger.clientCert("kube-apiserver"), true);
        int forgedStatus;
        try {
          forgedStatus = mutate(client(forged, version), app).statusCode();
        } catch (IOException e) {
          forgedStatus = -1;
        }
        assertThat(forgedStatus).as(version.name()).isIn(-1, 401);
      }
    }
  }

  @Test
  void clientAuthRequired_withNames_refusesOtherNamesOfTheTrustedCa() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    TestPki clients = TestPki.create(dir.resolve("clients"), "clients");
    Map<String, String> config = config(pki);
    config.put("airlock.serving.client-auth", "required");
    config.put("airlock.serving.client-names", "kube-apiserver");
    config.put("quarkus.http.ssl.certificate.trust-store-files", clients.caFile().toString());

    try (ServedApp app = WebhookJar.launch(config).awaitListening()) {
      HttpClient other =
          client(pki.context(clients.clientCert("mallory"), true), HttpClient.Version.HTTP_2);
      HttpResponse<String> refused = mutate(other, app);
      HttpClient apiserver =
          client(
              pki.context(clients.clientCert("kube-apiserver"), true), HttpClient.Version.HTTP_2);

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body())
          .isEqualTo("client certificate for mallory is not an allowed client");
      assertThat(mutate(apiserver, app).statusCode()).isEqualTo(200);
    }
  }

  /** Regression (finding 4): the Quarkus key, set at run time, was ignored with a warning. */
  @ParameterizedTest
  @ValueSource(strings = {"airlock", "quarkus-env"})
  void clientAuthRequiredWithoutTrustStore_refusesToStart(String how) throws Exception {
    Map<String, String> config = config(TestPki.create(dir.resolve("pki")));
    Map<String, String> env = new HashMap<>();
    if (how.equals("airlock")) {
      config.put("airlock.serving.client-auth", "required");
    } else {
      env.put("QUARKUS_HTTP_SSL_CLIENT_AUTH", "required");
    }

    ServedApp app = WebhookJar.launch(config, env);
    try {
      assertThat(app.awaitExit()).isNotZero();
      assertThat(app.output())
          .contains(
              "airlock.serving.client-auth=required needs"
                  + " quarkus.http.ssl.certificate.trust-store-files: the CA bundle that issued"
                  + " kube-apiserver's client certificate");
    } finally {
      app.close();
    }
  }

  @Test
  void quarkusClientAuthRequiredAtRunTime_isEnforced() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    TestPki clients = TestPki.create(dir.resolve("clients"), "clients");
    Map<String, String> config = config(pki);
    config.put("quarkus.http.ssl.certificate.trust-store-files", clients.caFile().toString());

    try (ServedApp app =
        WebhookJar.launch(config, Map.of("QUARKUS_HTTP_SSL_CLIENT_AUTH", "required"))
            .awaitListening()) {
      assertThat(mutate(client(pki.clientContext(), HttpClient.Version.HTTP_2), app).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void tls12_offersOnlyEcdheWithAead() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (ServedApp app = WebhookJar.launch(config(pki)).awaitListening()) {
      for (String weak :
          new String[] {
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"
          }) {
        assertThatThrownBy(() -> handshake(pki, app, weak))
            .as(weak)
            .isInstanceOf(IOException.class);
      }
      assertThat(handshake(pki, app, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
          .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
      assertThat(handshake(pki, app, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))
          .isEqualTo("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    }
  }

  private static String handshake(TestPki pki, ServedApp app, String suite) throws IOException {
    try (SSLSocket socket =
        (SSLSocket) pki.clientContext().getSocketFactory().createSocket("127.0.0.1", app.port())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setProtocols(new String[] {"TLSv1.2"});
      parameters.setCipherSuites(new String[] {suite});
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return socket.getSession().getCipherSuite();
    } catch (SSLHandshakeException e) {
      throw e;
    }
  }

  /**
   * Regression (issue 12/14): a 5 MiB body over HTTP/2 got a GOAWAY (every stream of the connection
   * lost) instead of 413; the connection must stay usable.
   */
  @Test
  void bodyOver4MiBOverHttp2_is413AndTheConnectionStaysUsable() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (ServedApp app = WebhookJar.launch(config(pki)).awaitListening()) {
      HttpClient h2 = client(pki.clientContext(), HttpClient.Version.HTTP_2);
      byte[] body = new byte[5 * 1024 * 1024];
      Arrays.fill(body, (byte) ' ');

      HttpResponse<String> big =
          h2.send(
              HttpRequest.newBuilder(URI.create(app.baseUrl() + "/validate"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(big.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(big.body()).isEqualTo("request body larger than 4 MiB");
      HttpResponse<String> next = mutate(h2, app);
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }
  }

  @Test
  void healthAndMetrics_onlyOnThePlainManagementPort() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (ServedApp app = WebhookJar.launch(config(pki)).awaitListening()) {
      HttpClient plain = HttpClient.newHttpClient();
      HttpClient https = client(pki.clientContext(), HttpClient.Version.HTTP_1_1);
      for (String path : new String[] {"/q/health/ready", "/q/health/live", "/q/metrics"}) {
        HttpResponse<String> management =
            plain.send(
                HttpRequest.newBuilder(URI.create(app.managementUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> main =
            https.send(
                HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(management.statusCode()).as(path).isEqualTo(200);
        assertThat(main.statusCode()).as(path).isEqualTo(404);
      }
    }
  }
}
