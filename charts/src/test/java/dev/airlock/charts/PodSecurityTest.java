package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.charts.Chart.PodSpec;
import dev.airlock.charts.Chart.Rendered;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pod Security: namespace labels, and every pod the chart renders is hardened. */
class PodSecurityTest {

  /** The stock values, every ci/ file, and the DaemonSet node-work mode. */
  static Stream<Arguments> renders() {
    List<Arguments> renders = new ArrayList<>();
    renders.add(
        Arguments.of(
            "stock values", Chart.render(List.of(), Map.of("nodeWork.nodes[0]", "node-a"))));
    for (Path file : Chart.ciValuesFiles()) {
      renders.add(Arguments.of(file.getFileName().toString(), Chart.render(file)));
    }
    renders.add(
        Arguments.of("node work daemonset", Chart.render(Map.of("nodeWork.mode", "daemonset"))));
    return renders.stream();
  }

  private static String label(JsonNode namespace, String key) {
    return namespace.path("metadata").path("labels").path(key).asText();
  }

  @Test
  void namespaces_labelledForPodSecurity_privilegedOnlyWhereHostAccessIsNeeded() {
    Rendered rendered = Chart.render();
    Map<String, String> expected =
        Map.of(
            "airlock-probe", "restricted",
            "airlock-probe-host", "privileged",
            "airlock-node", "privileged");
    assertThat(rendered.ofKind("Namespace")).hasSize(3);
    expected.forEach(
        (name, level) -> {
          JsonNode namespace = rendered.one("Namespace", name);
          assertThat(label(namespace, "pod-security.kubernetes.io/enforce"))
              .as(name)
              .isEqualTo(level);
          assertThat(label(namespace, "pod-security.kubernetes.io/audit"))
              .as(name)
              .isEqualTo(level);
          assertThat(label(namespace, "pod-security.kubernetes.io/warn")).as(name).isEqualTo(level);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void everyPod_nonRootSeccompRuntimeDefault_noServiceAccountToken(String name, Rendered r) {
    assertThat(r.podSpecs()).isNotEmpty();
    for (PodSpec pod : r.podSpecs()) {
      JsonNode security = pod.spec().path("securityContext");
      assertThat(security.path("runAsNonRoot").asBoolean()).as(pod.toString()).isTrue();
      assertThat(security.path("seccompProfile").path("type").asText())
          .as(pod.toString())
          .isEqualTo("RuntimeDefault");
      // Only the in-use watcher may hold a token (probe.inUse: list pods).
      boolean token = pod.spec().path("automountServiceAccountToken").asBoolean(true);
      if (token) {
        assertThat(pod.owner()).isEqualTo("Deployment/airlock-probe-in-use");
        assertThat(pod.spec().path("serviceAccountName").asText())
            .isEqualTo("airlock-probe-in-use");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void everyContainer_readOnlyRootNoEscalationAllCapabilitiesDropped(String name, Rendered r) {
    for (PodSpec pod : r.podSpecs()) {
      for (JsonNode container : pod.allContainers()) {
        String where = pod + " container " + container.path("name").asText();
        JsonNode security = container.path("securityContext");
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(where).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(where).isFalse();
        assertThat(security.path("privileged").asBoolean(false)).as(where).isFalse();
        assertThat(security.path("capabilities").path("drop").toString())
            .as(where)
            .isEqualTo("[\"ALL\"]");
        assertThat(security.path("capabilities").has("add")).as(where).isFalse();
        assertThat(container.has("resources")).as(where).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void everyAirlockContainer_hasWritableTmpFromEmptyDir(String name, Rendered r) {
    for (PodSpec pod : r.podSpecs()) {
      for (JsonNode container : pod.allContainers()) {
        if (container.path("name").asText().equals("pause")) {
          continue;
        }
        String where = pod + " container " + container.path("name").asText();
        String volume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
          if (mount.path("mountPath").asText().equals("/tmp")) {
            volume = mount.path("name").asText();
            assertThat(mount.path("readOnly").asBoolean(false)).as(where).isFalse();
          }
        }
        assertThat(volume).as(where + " mounts /tmp").isNotNull();
        String tmp = volume;
        assertThat(pod.spec().path("volumes"))
            .as(where)
            .anySatisfy(
                v -> {
                  assertThat(v.path("name").asText()).isEqualTo(tmp);
                  assertThat(v.has("emptyDir")).isTrue();
                });
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void hostNetworkAndHostPath_onlyInPrivilegedNamespaces_andHostPathsReadOnly(
      String name, Rendered r) {
    for (PodSpec pod : r.podSpecs()) {
      boolean hostAccess = pod.usesHostPath() || pod.spec().path("hostNetwork").asBoolean();
      if (!hostAccess) {
        continue;
      }
      if (!pod.namespace().equals(Chart.NAMESPACE)) {
        JsonNode namespace = r.one("Namespace", pod.namespace());
        assertThat(label(namespace, "pod-security.kubernetes.io/enforce"))
            .as(pod.toString())
            .isEqualTo("privileged");
      }
      List<String> hostVolumes = new ArrayList<>();
      pod.spec()
          .path("volumes")
          .forEach(
              v -> {
                if (v.has("hostPath")) {
                  hostVolumes.add(v.path("name").asText());
                }
              });
      for (JsonNode container : pod.allContainers()) {
        for (JsonNode mount : container.path("volumeMounts")) {
          if (hostVolumes.contains(mount.path("name").asText())) {
            assertThat(mount.path("readOnly").asBoolean()).as(pod + " " + mount).isTrue();
          }
        }
      }
    }
  }

  @Test
  void stockValues_releaseNamespacePods_needNoHostAccess() {
    Rendered rendered = Chart.render();
    for (PodSpec pod : rendered.podSpecs()) {
      if (pod.namespace().equals(Chart.NAMESPACE)) {
        assertThat(pod.usesHostPath()).as(pod.toString()).isFalse();
        assertThat(pod.spec().path("hostNetwork").asBoolean()).as(pod.toString()).isFalse();
      }
    }
  }

  @Test
  void webhookDeployment_twoReplicasSpreadAcrossNodesWithHealthProbes() {
    Rendered rendered = Chart.render();
    JsonNode deployment = rendered.one("Deployment", "airlock-webhook");
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode preferred =
        pod.path("affinity")
            .path("podAntiAffinity")
            .path("preferredDuringSchedulingIgnoredDuringExecution");
    assertThat(preferred).hasSize(1);
    assertThat(preferred.get(0).path("podAffinityTerm").path("topologyKey").asText())
        .isEqualTo("kubernetes.io/hostname");
    JsonNode container = pod.path("containers").get(0);
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/q/health/ready");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/q/health/live");
    // Health is on the plain management port; the HTTPS port serves only /mutate and /validate.
    assertThat(container.path("readinessProbe").path("httpGet").path("scheme").asText())
        .isEqualTo("HTTP");
    assertThat(container.path("readinessProbe").path("httpGet").path("port").asText())
        .isEqualTo("http-metrics");
    assertThat(container.path("livenessProbe").path("httpGet").path("port").asText())
        .isEqualTo("http-metrics");
    assertThat(container.path("resources").path("requests").path("memory").asText())
        .isEqualTo("256Mi");
  }

  @Test
  void hardAntiAffinity_requiredAcrossNodes() {
    JsonNode pod =
        Chart.render(Map.of("webhook.podAntiAffinity", "hard"))
            .one("Deployment")
            .path("spec")
            .path("template")
            .path("spec");
    JsonNode required =
        pod.path("affinity")
            .path("podAntiAffinity")
            .path("requiredDuringSchedulingIgnoredDuringExecution");
    assertThat(required).hasSize(1);
    assertThat(required.get(0).path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
  }

  @Test
  void podDisruptionBudget_keepsOneWebhookPodAvailable() {
    Rendered rendered = Chart.render();
    JsonNode pdb = rendered.one("PodDisruptionBudget");
    assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(1);
    JsonNode podLabels =
        rendered.one("Deployment").path("spec").path("template").path("metadata").path("labels");
    pdb.path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(
            e -> assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
  }
}
