package dev.airlock.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.ServedApp;
import dev.airlock.webhook.testing.InsecureTls;
import dev.airlock.webhook.testing.ServingCertificate;
import dev.airlock.webhook.testing.TestPolicies;
import dev.airlock.webhook.testing.WebhookJar;
import dev.airlock.webhook.testing.WebhookTestResource;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged webhook: refuses to start on broken input, serves HTTPS, rotates its cert. */
class StartupIT {
  @TempDir Path dir;

  @Test
  void start_brokenPolicy_refusesToStartNamingTheField() throws Exception {
    Map<String, String> config = WebhookTestResource.writeFiles(dir);
    Files.writeString(
        Path.of(config.get("airlock.policy.file")),
        TestPolicies.DEFAULT.replace("mode: audit", "mode: sometimes"));

    try (ServedApp app = WebhookJar.launch(config)) {
      assertThat(app.awaitExit()).isNotZero();
      assertThat(app.output()).contains("spec.rules[1].mode: must be one of enforce, audit");
    }
  }

  @Test
  void start_policyWithInvalidPublicKey_refusesToStartNamingTheKey() throws Exception {
    Map<String, String> config = WebhookTestResource.writeFiles(dir);
    Files.writeString(
        Path.of(config.get("airlock.policy.file")),
        TestPolicies.DEFAULT.replace(
            TestPolicies.KEY, "-----BEGIN PUBLIC KEY-----\\nMFkw\\n-----END PUBLIC KEY-----"));

    try (ServedApp app = WebhookJar.launch(config)) {
      assertThat(app.awaitExit()).isNotZero();
      assertThat(app.output())
          .contains("spec.rules[0].attestors[0].entries[0].keys.publicKeys: key 1: malformed PEM");
    }
  }

  @Test
  void start_missingPolicyFile_refusesToStart() throws Exception {
    Map<String, String> config = new HashMap<>(WebhookTestResource.writeFiles(dir));
    config.put("airlock.policy.file", dir.resolve("absent.yaml").toString());

    try (ServedApp app = WebhookJar.launch(config)) {
      assertThat(app.awaitExit()).isNotZero();
      assertThat(app.output()).contains("absent.yaml");
    }
  }

  @Test
  void start_brokenHostsToml_refusesToStart() throws Exception {
    Map<String, String> config = WebhookTestResource.writeFiles(dir);
    Path hosts = Path.of(config.get("airlock.mirror.hosts-dir"));
    Files.writeString(hosts.resolve("docker.io/hosts.toml"), "[host.\"https://m\"]\nbogus = 1\n");

    try (ServedApp app = WebhookJar.launch(config)) {
      assertThat(app.awaitExit()).isNotZero();
      assertThat(app.output()).contains("cannot load mirror hosts").contains("docker.io");
    }
  }

  @Test
  void start_brokenAuthFile_refusesToStart() throws Exception {
    Map<String, String> config = new HashMap<>(WebhookTestResource.writeFiles(dir));
    Path auth = dir.resolve("config.json");
    Files.writeString(auth, "{\"auths\": []}");
    config.put("airlock.registry.auth-file", auth.toString());

    try (ServedApp app = WebhookJar.launch(config)) {
      assertThat(app.awaitExit()).isNotZero();
      assertThat(app.output()).contains("cannot load registry credentials").contains("config.json");
    }
  }

  @Test
  void serve_readyOverHttps_andRotatedCertificateIsPickedUp() throws Exception {
    Map<String, String> config = new HashMap<>(WebhookTestResource.writeFiles(dir));
    // Mounted like a Kubernetes Secret: tls.crt/tls.key are links into ..data, which a rotation
    // swaps atomically (cert-manager writes the Secret, kubelet swaps the link).
    Path mount = Files.createDirectories(dir.resolve("serving"));
    swapData(mount, "..v1");
    config.put("quarkus.http.ssl.certificate.files", mount.resolve("tls.crt").toString());
    config.put("quarkus.http.ssl.certificate.key-files", mount.resolve("tls.key").toString());
    Files.createSymbolicLink(mount.resolve("tls.crt"), Path.of("..data", "tls.crt"));
    Files.createSymbolicLink(mount.resolve("tls.key"), Path.of("..data", "tls.key"));
    // Quarkus refuses reload periods under 30 s.
    config.put("quarkus.http.ssl.certificate.reload-period", "30s");

    try (ServedApp app = WebhookJar.launch(config).awaitListening()) {
      HttpResponse<String> ready = app.get("/q/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      Certificate first = InsecureTls.presented(app.port());

      swapData(mount, "..v2");
      Certificate rotated = read(mount.resolve("tls.crt"));
      assertThat(rotated).isNotEqualTo(first);

      Certificate served = first;
      Instant limit = Instant.now().plus(Duration.ofSeconds(120));
      while (!served.equals(rotated) && Instant.now().isBefore(limit)) {
        Thread.sleep(500);
        try {
          served = InsecureTls.presented(app.port());
        } catch (SSLException e) {
          // A handshake that overlaps the server swapping its TLS options can be cut off
          // (seen under load); the next one gets the new certificate.
        }
      }
      assertThat(served).as("certificate served after rotation").isEqualTo(rotated);
    }
  }

  /** Writes a fresh certificate and key into {@code version} and points {@code ..data} at it. */
  private static void swapData(Path mount, String version) throws Exception {
    Path data = Files.createDirectories(mount.resolve(version));
    ServingCertificate.write(data.resolve("tls.crt"), data.resolve("tls.key"));
    Path next = mount.resolve("..data_tmp");
    Files.createSymbolicLink(next, Path.of(version));
    Files.move(next, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }

  private static Certificate read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
