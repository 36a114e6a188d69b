package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.charts.Chart.Rendered;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes see the network unfiltered (a NetworkPolicy would mask a leak); the node-work
 * namespace may reach only DNS and the mirror.
 */
class NetworkPolicyTest {

  private static List<JsonNode> policiesIn(Rendered rendered, String namespace) {
    return rendered.ofKind("NetworkPolicy").stream()
        .filter(p -> namespace.equals(p.path("metadata").path("namespace").asText()))
        .toList();
  }

  @Test
  void probeNamespaces_carryNoNetworkPolicy() {
    for (Rendered rendered :
        List.of(Chart.render(), Chart.render(Chart.ciValues("default-values.yaml")))) {
      assertThat(policiesIn(rendered, "airlock-probe")).isEmpty();
      assertThat(policiesIn(rendered, "airlock-probe-host")).isEmpty();
      assertThat(rendered.ofKind("NetworkPolicy"))
          .allSatisfy(
              p ->
                  assertThat(p.path("metadata").path("namespace").asText())
                      .isIn("airlock-node", "airlock-system"));
    }
  }

  /** Health and metrics stay inside the pod network: only metricsFrom reaches the port. */
  @Test
  void webhook_httpsFromAnywhere_managementPortOnlyFromMetricsFrom() {
    JsonNode policy = Chart.render().one("NetworkPolicy", "airlock-webhook");
    JsonNode spec = policy.path("spec");
    assertThat(policy.path("metadata").path("namespace").asText()).isEqualTo("airlock-system");
    assertThat(
            spec.path("podSelector")
                .path("matchLabels")
                .path("app.kubernetes.io/component")
                .asText())
        .isEqualTo("webhook");
    JsonNode ingress = spec.path("ingress");
    assertThat(ingress).hasSize(2);
    assertThat(ingress.get(0).has("from")).isFalse();
    assertThat(ingress.get(0).path("ports").get(0).path("port").asText()).isEqualTo("https");
    assertThat(ingress.get(1).path("ports").get(0).path("port").asText()).isEqualTo("http-metrics");
    JsonNode namespaces =
        ingress
            .get(1)
            .path("from")
            .get(0)
            .path("namespaceSelector")
            .path("matchExpressions")
            .get(0);
    assertThat(namespaces.path("key").asText()).isEqualTo("kubernetes.io/metadata.name");
    assertThat(namespaces.path("values").get(0).asText()).isEqualTo("monitoring");
  }

  @Test
  void webhook_noMetricsPeers_managementPortGetsNoIngressRule(@TempDir Path dir) throws Exception {
    Path values = dir.resolve("values.yaml");
    java.nio.file.Files.writeString(
        values, "webhook:\n  networkPolicy:\n    metricsNamespaces: []\n");
    JsonNode policy = Chart.render(values).one("NetworkPolicy", "airlock-webhook");
    assertThat(policy.path("spec").path("ingress")).hasSize(1);
  }

  @Test
  void nodeWorkNamespace_stockValues_allowsOnlyDns() {
    JsonNode policy = onlyPolicy(Chart.render());
    JsonNode egress = policy.path("spec").path("egress");
    assertThat(egress).hasSize(1);
    assertDnsRule(egress.get(0));
  }

  @Test
  void nodeWorkNamespace_withMirror_allowsOnlyDnsAndMirrorCidrPort() {
    Path values = Chart.ciValues("default-values.yaml");
    JsonNode policy = onlyPolicy(Chart.render(values));
    JsonNode spec = policy.path("spec");
    assertThat(spec.path("podSelector").size()).as("selects every pod").isZero();
    List<String> types = new ArrayList<>();
    spec.path("policyTypes").forEach(t -> types.add(t.asText()));
    assertThat(types).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(spec.has("ingress")).isFalse();
    JsonNode egress = spec.path("egress");
    assertThat(egress).hasSize(2);
    assertDnsRule(egress.get(0));
    JsonNode mirror = egress.get(1);
    assertThat(mirror.path("to")).hasSize(1);
    assertThat(mirror.path("to").get(0).path("ipBlock").path("cidr").asText())
        .isEqualTo("10.96.100.10/32");
    assertThat(mirror.path("to").get(0).path("ipBlock").has("except")).isFalse();
    assertThat(mirror.path("ports")).hasSize(1);
    assertThat(mirror.path("ports").get(0).path("protocol").asText()).isEqualTo("TCP");
    assertThat(mirror.path("ports").get(0).path("port").asInt()).isEqualTo(443);
  }

  @Test
  void nodeWorkDisabled_noNetworkPolicyAndNoNamespace() {
    Rendered rendered = Chart.render(Map.of("nodeWork.enabled", "false"));
    assertThat(policiesIn(rendered, "airlock-node")).isEmpty();
    assertThat(rendered.ofKind("Namespace"))
        .noneSatisfy(
            n -> assertThat(n.path("metadata").path("name").asText()).isEqualTo("airlock-node"));
  }

  private static JsonNode onlyPolicy(Rendered rendered) {
    List<JsonNode> policies = policiesIn(rendered, "airlock-node");
    assertThat(policies).hasSize(1);
    return policies.get(0);
  }

  private static void assertDnsRule(JsonNode rule) {
    JsonNode to = rule.path("to");
    assertThat(to).hasSize(1);
    assertThat(
            to.get(0)
                .path("namespaceSelector")
                .path("matchLabels")
                .path("kubernetes.io/metadata.name")
                .asText())
        .isEqualTo("kube-system");
    assertThat(to.get(0).path("podSelector").path("matchLabels").path("k8s-app").asText())
        .isEqualTo("kube-dns");
    List<String> ports = new ArrayList<>();
    rule.path("ports")
        .forEach(p -> ports.add(p.path("protocol").asText() + "/" + p.path("port").asInt()));
    assertThat(ports).containsExactlyInAnyOrder("UDP/53", "TCP/53");
  }
}
