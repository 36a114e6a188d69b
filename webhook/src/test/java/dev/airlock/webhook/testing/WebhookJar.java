package dev.airlock.webhook.testing;

import dev.airlock.oci.testing.ServedApp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged webhook of this module ({@code target/quarkus-app/quarkus-run.jar}), started for ITs
 * by the shared {@link ServedApp} launcher on free loopback ports.
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
    return ServedApp.of("webhook", JAR).properties(config).env(env).start();
  }
}
