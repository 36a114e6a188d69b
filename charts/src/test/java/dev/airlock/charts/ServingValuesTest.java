package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.charts.Chart.Rendered;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chart values that reach the webhook's serving and registry settings: client-certificate
 * authentication, the cache TTLs and the hosts redirects may go to.
 */
class ServingValuesTest {
  private static final String CA =
      "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n";

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }

  private static JsonNode container(Rendered rendered) {
    return rendered
        .one("Deployment", "airlock-webhook")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0);
  }

  @Test
  void defaults_noClientAuth_cacheTtlsFromValues_managementPort() {
    Map<String, String> env = env(container(Chart.render()));

    assertThat(env)
        .doesNotContainKeys("AIRLOCK_SERVING_CLIENT_AUTH", "AIRLOCK_REGISTRY_REDIRECT_HOSTS");
    assertThat(env)
        .containsEntry("AIRLOCK_CACHE_VERIFICATION_TTL", "5m")
        .containsEntry("AIRLOCK_CACHE_DIGEST_TTL", "30s")
        .containsEntry("QUARKUS_MANAGEMENT_PORT", "9090");
  }

  @Test
  void clientAuthEnabled_requiresTheCertificateAndMountsTheCaBundle(@TempDir Path dir)
      throws Exception {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        "webhook:\n  clientAuth:\n    enabled: true\n    caBundle: \""
            + CA
            + "\"\n    allowedNames: [kube-apiserver, apiserver-webhook-client]\n"
            + "mirror:\n  redirectHosts: [minio.internal:9000]\n");
    Rendered rendered = Chart.render(values);
    JsonNode container = container(rendered);
    Map<String, String> env = env(container);

    assertThat(env)
        .containsEntry("AIRLOCK_SERVING_CLIENT_AUTH", "required")
        .containsEntry(
            "QUARKUS_HTTP_SSL_CERTIFICATE_TRUST_STORE_FILES", "/etc/airlock/client-ca/ca.crt")
        .containsEntry("AIRLOCK_SERVING_CLIENT_NAMES", "kube-apiserver,apiserver-webhook-client")
        .containsEntry("AIRLOCK_REGISTRY_REDIRECT_HOSTS", "minio.internal:9000");
    assertThat(container.path("volumeMounts").findValuesAsText("mountPath"))
        .contains("/etc/airlock/client-ca");
    JsonNode configMap = rendered.one("ConfigMap", "airlock-webhook-client-ca");
    assertThat(configMap.path("data").path("ca.crt").asText()).startsWith("-----BEGIN CERTIFICATE");
  }

  @Test
  void clientAuthEnabledWithoutCaBundle_isRefusedBySchema() {
    assertThat(Chart.renderError(Map.of("webhook.clientAuth.enabled", "true")))
        .contains("caBundle");
  }
}
