package dev.airlock.webhook.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes the files the webhook needs to start: a serving certificate and key, the test policy and a
 * hosts directory, in a fresh temporary directory.
 */
public class WebhookTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory("airlock-webhook-test");
      Path cert = dir.resolve("tls.crt");
      Path key = dir.resolve("tls.key");
      ServingCertificate.write(cert, key);
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, TestPolicies.DEFAULT);
      Path hosts = Files.createDirectories(dir.resolve("certs.d"));
      return Map.of(
          "quarkus.http.ssl.certificate.files", cert.toString(),
          "quarkus.http.ssl.certificate.key-files", key.toString(),
          "airlock.policy.file", policy.toString(),
          "airlock.policy.reload-interval", "1h",
          "airlock.mirror.hosts-dir", hosts.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}
}
