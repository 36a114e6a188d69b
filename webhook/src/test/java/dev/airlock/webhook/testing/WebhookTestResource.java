package dev.airlock.webhook.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes the files the webhook needs to start, in a fresh temporary directory: a serving certificate
 * and key, the test policy, and a containerd hosts directory that mirrors registry.example.com
 * (under {@code registry.internal/example}), docker.io (under {@code registry.internal/dockerhub}),
 * hang.example and broken.example; every other registry is unmirrored.
 */
public class WebhookTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    try {
      Map<String, String> config =
          new java.util.HashMap<>(writeFiles(Files.createTempDirectory("airlock-webhook-test")));
      config.put("airlock.policy.reload-interval", "1h");
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes certificate, key, policy and hosts directory into {@code dir}; returns their keys. */
  public static Map<String, String> writeFiles(Path dir) throws IOException {
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    ServingCertificate.write(cert, key);
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, TestPolicies.DEFAULT);
    Path hosts = Files.createDirectories(dir.resolve("certs.d"));
    hostsToml(
        hosts,
        "registry.example.com",
        "server = \"https://registry.example.com\"\n"
            + "[host.\"https://registry.internal/v2/example\"]\n"
            + "  capabilities = [\"pull\", \"resolve\"]\n"
            + "  override_path = true\n");
    hostsToml(
        hosts,
        "docker.io",
        "[host.\"https://registry.internal/v2/dockerhub\"]\n  override_path = true\n");
    hostsToml(hosts, "hang.example", "[host.\"https://hang.internal\"]\n");
    hostsToml(hosts, "broken.example", "[host.\"https://broken.internal\"]\n");
    return Map.of(
        "quarkus.http.ssl.certificate.files", cert.toString(),
        "quarkus.http.ssl.certificate.key-files", key.toString(),
        "airlock.policy.file", policy.toString(),
        "airlock.mirror.hosts-dir", hosts.toString());
  }

  static void hostsToml(Path hostsDir, String host, String toml) throws IOException {
    Files.writeString(Files.createDirectories(hostsDir.resolve(host)).resolve("hosts.toml"), toml);
  }

  @Override
  public void stop() {}
}
