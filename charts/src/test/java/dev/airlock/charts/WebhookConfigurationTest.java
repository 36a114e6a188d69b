package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.charts.Chart.Rendered;
import dev.airlock.webhook.admission.AdmissionKind;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admission registration: fail-closed settings, scope and TLS trust. */
class WebhookConfigurationTest {

  private static final List<String> KINDS =
      List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

  private static JsonNode webhookOf(Rendered rendered, String kind) {
    JsonNode webhooks = rendered.one(kind).path("webhooks");
    assertThat(webhooks).hasSize(1);
    return webhooks.get(0);
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  @Test
  void defaults_bothWebhooks_failClosedWithoutSideEffects() {
    Rendered rendered = Chart.render();
    for (String kind : KINDS) {
      JsonNode webhook = webhookOf(rendered, kind);
      assertThat(webhook.path("failurePolicy").asText()).as(kind).isEqualTo("Fail");
      assertThat(webhook.path("sideEffects").asText()).as(kind).isEqualTo("None");
      assertThat(webhook.path("timeoutSeconds").asInt()).as(kind).isEqualTo(10);
      assertThat(webhook.path("matchPolicy").asText()).as(kind).isEqualTo("Equivalent");
      assertThat(texts(webhook.path("admissionReviewVersions"))).as(kind).containsExactly("v1");
    }
  }

  @Test
  void defaults_reinvocationIfNeeded_onMutatingOnly() {
    Rendered rendered = Chart.render();
    assertThat(
            webhookOf(rendered, "MutatingWebhookConfiguration").path("reinvocationPolicy").asText())
        .isEqualTo("IfNeeded");
    assertThat(webhookOf(rendered, "ValidatingWebhookConfiguration").has("reinvocationPolicy"))
        .isFalse();
  }

  @Test
  void defaults_clientConfig_pointsAtServiceEndpoints() {
    Rendered rendered = Chart.render();
    JsonNode mutating = webhookOf(rendered, "MutatingWebhookConfiguration").path("clientConfig");
    JsonNode validating =
        webhookOf(rendered, "ValidatingWebhookConfiguration").path("clientConfig");
    assertThat(mutating.path("service").path("path").asText()).isEqualTo("/mutate");
    assertThat(validating.path("service").path("path").asText()).isEqualTo("/validate");
    for (JsonNode config : List.of(mutating, validating)) {
      assertThat(config.path("service").path("name").asText()).isEqualTo("airlock-webhook");
      assertThat(config.path("service").path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
      assertThat(config.path("service").path("port").asInt()).isEqualTo(443);
    }
    JsonNode port = rendered.one("Service", "airlock-webhook").path("spec").path("ports").get(0);
    assertThat(port.path("port").asInt()).isEqualTo(443);
    assertThat(port.path("targetPort").asText()).isEqualTo("https");
    JsonNode container =
        rendered
            .one("Deployment")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0);
    assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("https");
    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8443);
  }

  @Test
  void defaults_namespaceSelector_excludesKubeSystemReleaseAndChartNamespaces() {
    Rendered rendered = Chart.render();
    for (String kind : KINDS) {
      JsonNode expressions =
          webhookOf(rendered, kind).path("namespaceSelector").path("matchExpressions");
      assertThat(expressions).hasSize(1);
      JsonNode expression = expressions.get(0);
      assertThat(expression.path("key").asText()).isEqualTo("kubernetes.io/metadata.name");
      assertThat(expression.path("operator").asText()).isEqualTo("NotIn");
      assertThat(texts(expression.path("values")))
          .containsExactly(
              "kube-system",
              Chart.NAMESPACE,
              "airlock-probe",
              "airlock-probe-host",
              "airlock-node");
    }
  }

  @Test
  void excludeNamespaces_extraNamespace_addedOnceAndChartNamespacesCanBeKept() {
    Rendered rendered =
        Chart.render(
            Map.of(
                "webhook.admission.excludeNamespaces[0]", "cert-manager",
                "webhook.admission.excludeNamespaces[1]", "kube-system",
                "webhook.admission.excludeChartNamespaces", "false"));
    JsonNode expression =
        webhookOf(rendered, "ValidatingWebhookConfiguration")
            .path("namespaceSelector")
            .path("matchExpressions")
            .get(0);
    assertThat(texts(expression.path("values")))
        .containsExactly("kube-system", Chart.NAMESPACE, "cert-manager");
  }

  @Test
  void defaults_rules_coverPodsAndEveryPodTemplateKindOnCreateAndUpdate() {
    Rendered rendered = Chart.render();
    for (String kind : KINDS) {
      List<String> covered = new ArrayList<>();
      for (JsonNode rule : webhookOf(rendered, kind).path("rules")) {
        assertThat(texts(rule.path("operations"))).as(kind).containsExactly("CREATE", "UPDATE");
        assertThat(rule.path("scope").asText()).isEqualTo("Namespaced");
        String group = texts(rule.path("apiGroups")).get(0);
        texts(rule.path("resources")).forEach(r -> covered.add(group + "/" + r));
      }
      // the one table of admission kinds the webhook walks (webhook AdmissionKind.ALL)
      assertThat(covered)
          .as(kind)
          .containsExactlyInAnyOrderElementsOf(
              AdmissionKind.ALL.stream().map(k -> k.group() + "/" + k.resource()).toList());
    }
  }

  @Test
  void timeoutSeconds_set_renderedOnBothWebhooks() {
    Rendered rendered = Chart.render(Map.of("webhook.admission.timeoutSeconds", "15"));
    for (String kind : KINDS) {
      assertThat(webhookOf(rendered, kind).path("timeoutSeconds").asInt()).isEqualTo(15);
    }
  }

  @Test
  void helmTls_noExistingSecret_generatesCaTrustedByBothWebhooks() throws Exception {
    Rendered rendered = Chart.render();
    JsonNode secret = rendered.one("Secret", "airlock-webhook-tls");
    assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/tls");
    String ca = secret.path("data").path("ca.crt").asText();
    for (String kind : KINDS) {
      assertThat(webhookOf(rendered, kind).path("clientConfig").path("caBundle").asText())
          .isEqualTo(ca);
    }
    X509Certificate caCert = certificate(ca);
    X509Certificate serving = certificate(secret.path("data").path("tls.crt").asText());
    serving.verify(caCert.getPublicKey());
    List<String> dnsNames = new ArrayList<>();
    serving.getSubjectAlternativeNames().forEach(san -> dnsNames.add((String) san.get(1)));
    assertThat(dnsNames).contains("airlock-webhook.airlock-system.svc");
    assertThat(secret.path("data").path("tls.key").asText()).isNotEmpty();
  }

  @Test
  void helmTls_existingSecret_reusedSoTheCaStaysStableAcrossUpgrades() {
    FakeKubeApi cluster = Chart.cluster();
    cluster.reset();
    cluster.putSecret(
        Chart.NAMESPACE,
        "airlock-webhook-tls",
        Map.of("ca.crt", "Q0EtUEVN", "tls.crt", "Q0VSVC1QRU0=", "tls.key", "S0VZLVBFTQ=="));
    Rendered rendered = Chart.renderAgainstCluster(List.of(), Map.of());
    JsonNode data = rendered.one("Secret", "airlock-webhook-tls").path("data");
    assertThat(data.path("ca.crt").asText()).isEqualTo("Q0EtUEVN");
    assertThat(data.path("tls.crt").asText()).isEqualTo("Q0VSVC1QRU0=");
    assertThat(data.path("tls.key").asText()).isEqualTo("S0VZLVBFTQ==");
    for (String kind : KINDS) {
      assertThat(webhookOf(rendered, kind).path("clientConfig").path("caBundle").asText())
          .isEqualTo("Q0EtUEVN");
    }
  }

  @Test
  void certManagerTls_injectsCaFromCertificate_andRendersNoStaticSecret() {
    Rendered rendered = Chart.render(Map.of("webhook.tls.mode", "certManager"));
    JsonNode certificate = rendered.one("Certificate");
    String certificateName = certificate.path("metadata").path("name").asText();
    assertThat(certificate.path("spec").path("secretName").asText())
        .isEqualTo("airlock-webhook-tls");
    assertThat(texts(certificate.path("spec").path("dnsNames")))
        .contains("airlock-webhook.airlock-system.svc");
    assertThat(rendered.one("Issuer").path("spec").has("selfSigned")).isTrue();
    assertThat(rendered.ofKind("Secret")).isEmpty();
    for (String kind : KINDS) {
      JsonNode config = rendered.one(kind);
      assertThat(
              config
                  .path("metadata")
                  .path("annotations")
                  .path("cert-manager.io/inject-ca-from")
                  .asText())
          .isEqualTo(Chart.NAMESPACE + "/" + certificateName);
      assertThat(config.path("webhooks").get(0).path("clientConfig").has("caBundle")).isFalse();
    }
  }

  @Test
  void certManagerTls_existingIssuer_usedAndNoIssuerCreated() {
    Rendered rendered =
        Chart.render(
            Map.of(
                "webhook.tls.mode",
                "certManager",
                "webhook.tls.certManager.issuerRef.name",
                "corp-ca",
                "webhook.tls.certManager.issuerRef.kind",
                "ClusterIssuer"));
    assertThat(rendered.ofKind("Issuer")).isEmpty();
    JsonNode issuerRef = rendered.one("Certificate").path("spec").path("issuerRef");
    assertThat(issuerRef.path("name").asText()).isEqualTo("corp-ca");
    assertThat(issuerRef.path("kind").asText()).isEqualTo("ClusterIssuer");
  }

  @Test
  void webhookDisabled_noAdmissionRegistration() {
    Rendered rendered = Chart.render(Map.of("webhook.enabled", "false"));
    for (String kind : KINDS) {
      assertThat(rendered.ofKind(kind)).isEmpty();
    }
    assertThat(rendered.ofKind("Deployment")).isEmpty();
  }

  private static X509Certificate certificate(String base64Pem) throws Exception {
    byte[] pem = Base64.getDecoder().decode(base64Pem);
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }
}
