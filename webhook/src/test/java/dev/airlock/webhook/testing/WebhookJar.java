package dev.airlock.webhook.testing;

import dev.airlock.oci.testing.ServedApp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged webhook of this module ({@code target/quarkus-app/quarkus-run.jar}), started for ITs
 * by the shared {@link ServedApp} launcher on free loopback ports, serving a throw-away self-signed
 * certificate ({@link ServingCertificate}; a test that needs its own sets {@code
 * quarkus.http.ssl.certificate.*} in {@code config}, which wins), with an HTTP/1.1 client that
 * trusts any server ({@link InsecureTls}).
 */
public final class WebhookJar {
  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private WebhookJar() {}

  /** Starts the jar with {@code config} as system properties. */
  public static ServedApp launch(Map<String, String> config) throws IOException {
    return launch(config, Map.of());
  }

  /** As {@link #launch(Map)}, with extra environment variables. */
  public static ServedApp launch(Map<String, String> config, Map<String, String> env)
      throws IOException {
    Path dir = Files.createTempDirectory("airlock-webhook");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    ServingCertificate.write(cert, key);
    return ServedApp.of("webhook", JAR)
        .serving(cert, key)
        .properties(config)
        .env(env)
        .client(InsecureTls.context(), HttpClient.Version.HTTP_1_1)
        .workDir(dir)
        .start();
  }
}
