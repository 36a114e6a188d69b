package dev.airlock.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.testing.FaultServer;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.PlatformImage;
import dev.airlock.oci.testing.RegistryPusher.Pushed;
import dev.airlock.oci.testing.RegistryRequest;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.ServedApp;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.MirrorSignatures;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.SignatureLayer;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.testing.TestPolicies;
import dev.airlock.webhook.testing.WebhookCalls;
import dev.airlock.webhook.testing.WebhookJar;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged webhook with its production wiring (oci MirrorMap, HttpRegistryClient with a docker
 * config.json, the Cosign verifier) against a real {@code docker-registry} behind basic auth and
 * TLS from a test CA. {@link SignatureAdmissionIT} covers the signature cases.
 */
class RegistryAdmissionIT {
  private static final String USER = "airlock";
  private static final String PASSWORD = "s3cret-pull";

  @TempDir static Path dir;
  private static RegistryServer registry;
  private static FaultServer blackhole;
  private static String refused;
  private static ServedApp webhook;
  private static Pushed checkout;
  private static Pushed redis;
  private static Pushed index;
  private static Pushed signed;
  private static KeyPair key;

  @BeforeAll
  static void start() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    refused = FaultServer.refusedAuthority();
    registry = RegistryServer.builder(pki, dir).basicAuth(USER, PASSWORD).start();
    blackhole = FaultServer.https(pki);
    blackhole.on("HEAD", "/v2/app/manifests/1", FaultServer.hang());
    blackhole.on("GET", "/v2/app/manifests/1", FaultServer.hang());
    RegistryPusher push = registry.pusher();
    checkout = push.image("example/payments/checkout", "2.14.3", Format.OCI);
    redis = push.image("dockerhub/library/redis", "7.2", Format.DOCKER);
    Pushed amd64 = push.image("example/infra/multi", "amd64", Format.OCI);
    Pushed arm64 = push.image("example/infra/multi", "arm64", Format.OCI);
    index =
        push.index(
            "example/infra/multi",
            "1.0",
            List.of(
                new PlatformImage("linux/amd64", amd64), new PlatformImage("linux/arm64", arm64)));
    push.image("signed/app", "1.0", Format.OCI);
    signed = push.image("signed/app", "1.1", Format.OCI);
    key = TestKeys.P256.generate();
    new MirrorSignatures(push)
        .sig(
            "signed/app",
            signed.digest(),
            SignatureLayer.signed(
                TestKeys.P256, key, CosignLayout.payload("signed.example/app", signed.digest())));

    String mirror = registry.authority();
    String ca = "  ca = \"" + registry.caFile() + "\"\n";
    Path hosts = Files.createDirectories(dir.resolve("certs.d"));
    hostsToml(
        hosts,
        "registry.example.com",
        "server = \"https://registry.example.com\"\n"
            + "[host.\"https://"
            + mirror
            + "/v2/example\"]\n  capabilities = [\"pull\", \"resolve\"]\n  override_path = true\n"
            + ca);
    hostsToml(
        hosts,
        "signed.example",
        "[host.\"https://" + mirror + "/v2/signed\"]\n  override_path = true\n" + ca);
    hostsToml(
        hosts,
        "docker.io",
        "[host.\"https://" + mirror + "/v2/dockerhub\"]\n  override_path = true\n" + ca);
    hostsToml(hosts, "down.example", "[host.\"https://" + refused + "\"]\n" + ca);
    hostsToml(hosts, "silent.example", "[host.\"https://" + blackhole.authority() + "\"]\n" + ca);
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, policy(mirror, blackhole.authority()));
    Path auth = dir.resolve("config.json");
    String basic =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(auth, "{\"auths\":{\"" + mirror + "\":{\"auth\":\"" + basic + "\"}}}");
    webhook =
        WebhookJar.launch(
                Map.of(
                    "airlock.policy.file", policy.toString(),
                    "airlock.mirror.hosts-dir", hosts.toString(),
                    "airlock.registry.auth-file", auth.toString()))
            .awaitListening();
  }

  private static String policy(String mirror, String silent) {
    return """
        apiVersion: airlock.dev/v1alpha1
        kind: AdmissionPolicy
        spec:
          rules:
            - name: pinned
              images: ["%1$s/example/**", "%1$s/dockerhub/**", "%2$s/**", "%3$s/**"]
              allowUnsigned: true
            - name: signed
              images: ["%1$s/signed/**"]
              attestors:
                - entries:
                    - keys:
                        publicKeys: "%4$s"
        """
        .formatted(
            mirror, silent, refused, TestPolicies.yamlEscaped(TestKeys.pem(key.getPublic())));
  }

  private static void hostsToml(Path hostsDir, String host, String toml) throws Exception {
    Files.writeString(Files.createDirectories(hostsDir.resolve(host)).resolve("hosts.toml"), toml);
  }

  @AfterAll
  static void stop() throws Exception {
    if (webhook != null) {
      webhook.close();
    }
    if (blackhole != null) {
      blackhole.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  private static JsonNode review(String path, ObjectNode review) throws Exception {
    return webhook.review(path, Reviews.bytes(review));
  }

  @Test
  void mutate_tag_pinnedToTheDigestAtTheMirror() throws Exception {
    JsonNode response =
        review(
            "/mutate",
            Reviews.review("Pod", "payments", "registry.example.com/payments/checkout:2.14.3"));

    assertThat(response.get("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(WebhookCalls.patch(response))
        .containsExactly(
            "replace /spec/containers/0/image=registry.example.com/payments/checkout:2.14.3@"
                + checkout.digest());
  }

  @Test
  void mutate_dockerHubShortName_resolvedThroughOverridePathMirror() throws Exception {
    registry.clearRequests();

    JsonNode response = review("/mutate", Reviews.review("Pod", "default", "redis:7.2"));

    assertThat(WebhookCalls.patch(response))
        .containsExactly("replace /spec/containers/0/image=redis:7.2@" + redis.digest());
    assertThat(registry.requestsSoFar())
        .extracting(RegistryRequest::path)
        .contains("/v2/dockerhub/library/redis/manifests/7.2");
  }

  @Test
  void mutate_ociIndex_pinnedByTheIndexDigest() throws Exception {
    JsonNode response =
        review("/mutate", Reviews.review("Pod", "default", "registry.example.com/infra/multi:1.0"));

    assertThat(WebhookCalls.patch(response))
        .containsExactly(
            "replace /spec/containers/0/image=registry.example.com/infra/multi:1.0@"
                + index.digest());
  }

  @Test
  void validate_pinnedDigestAtMirror_allowed_unpinnedTag_denied() throws Exception {
    String pinned = "registry.example.com/payments/checkout:2.14.3@" + checkout.digest();

    JsonNode allowed = review("/validate", Reviews.review("Pod", "payments", pinned));
    JsonNode denied =
        review(
            "/validate",
            Reviews.review("Pod", "payments", "registry.example.com/payments/checkout:2.14.3"));

    assertThat(allowed.get("allowed").asBoolean()).as(allowed.toString()).isTrue();
    assertThat(denied.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: registry.example.com/payments/checkout:2.14.3: "
                + "not pinned to a digest (rule pinned requires one)");
  }

  @Test
  void mutate_ruleWithAttestors_signedImageAllowedAndPinned() throws Exception {
    JsonNode response =
        review("/mutate", Reviews.review("Pod", "default", "signed.example/app:1.1"));

    assertThat(response.get("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(WebhookCalls.patch(response))
        .containsExactly(
            "replace /spec/containers/0/image=signed.example/app:1.1@" + signed.digest());
  }

  @Test
  void mutate_ruleWithAttestors_unsignedImageDenied() throws Exception {
    JsonNode response =
        review("/mutate", Reviews.review("Pod", "default", "signed.example/app:1.0"));

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: signed.example/app:1.0: no signature found at the mirror");
  }

  @Test
  void mutate_mirrorRefusesConnections_deniedWithRegistryError() throws Exception {
    JsonNode response =
        review("/mutate?timeout=5s", Reviews.review("Pod", "default", "down.example/app:1"));

    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .startsWith("spec.containers[0].image: down.example/app:1: mirror " + refused + "/app: ");
  }

  @Test
  void mutate_mirrorNeverAnswers_deniedWithTimeoutInsideTheDeadline() throws Exception {
    JsonNode response =
        review("/mutate?timeout=4s", Reviews.review("Pod", "default", "silent.example/app:1"));

    assertThat(response.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: silent.example/app:1: "
                + "no answer from the mirror before the admission deadline");
  }

  @Test
  void credentials_appearInNoLogAuditLineMetricOrDenial() throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String image :
        List.of(
            "signed.example/app:1.1",
            "signed.example/app:1.0",
            "signed.example/app:missing",
            "registry.example.com/payments/checkout:2.14.3",
            "down.example/app:1")) {
      seen.append(review("/mutate?timeout=5s", Reviews.review("Pod", "default", image)));
      seen.append(review("/validate?timeout=5s", Reviews.review("Pod", "default", image)));
    }
    HttpResponse<String> metrics = webhook.get("/q/metrics");
    seen.append(metrics.body()).append(webhook.output());

    assertThat(seen.toString())
        .contains("\"reason\":\"verified\"") // the audit lines are in the output
        .doesNotContain(PASSWORD)
        .doesNotContain(basic)
        .doesNotContain(
            Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
  }
}
