package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.charts.Chart.Rendered;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration contracts of the webhook and probe workloads (design.md). */
class WorkloadsTest {

  private static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  private static String value(Map<String, JsonNode> env, String name) {
    assertThat(env).containsKey(name);
    return env.get(name).path("value").asText();
  }

  private static JsonNode mountAt(JsonNode container, String path) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals(path)) {
        return mount;
      }
    }
    throw new AssertionError("nothing mounted at " + path + " in " + container.path("name"));
  }

  private static JsonNode volume(JsonNode podSpec, String name) {
    for (JsonNode volume : podSpec.path("volumes")) {
      if (volume.path("name").asText().equals(name)) {
        return volume;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  private static JsonNode podSpec(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }

  private static List<String> args(JsonNode container) {
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    return args;
  }

  @Test
  void webhook_configKeysPointAtMountedPolicyTlsAndHosts() {
    Rendered rendered = Chart.render(Chart.ciValues("default-values.yaml"));
    JsonNode pod = podSpec(rendered.one("Deployment", "airlock-webhook"));
    JsonNode container = pod.path("containers").get(0);
    Map<String, JsonNode> env = env(container);
    assertThat(value(env, "AIRLOCK_POLICY_FILE")).isEqualTo("/etc/airlock/policy/policy.yaml");
    assertThat(value(env, "AIRLOCK_MIRROR_HOSTS_DIR")).isEqualTo("/etc/containerd/certs.d");
    assertThat(value(env, "QUARKUS_HTTP_SSL_PORT")).isEqualTo("8443");
    assertThat(value(env, "QUARKUS_HTTP_SSL_CERTIFICATE_FILES"))
        .isEqualTo("/etc/airlock/tls/tls.crt");
    assertThat(value(env, "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES"))
        .isEqualTo("/etc/airlock/tls/tls.key");
    assertThat(env).doesNotContainKey("AIRLOCK_REGISTRY_AUTH_FILE");

    assertThat(
            volume(pod, mountAt(container, "/etc/airlock/policy").path("name").asText())
                .path("configMap")
                .path("name")
                .asText())
        .isEqualTo("airlock-policy");
    assertThat(
            volume(pod, mountAt(container, "/etc/airlock/tls").path("name").asText())
                .path("secret")
                .path("secretName")
                .asText())
        .isEqualTo("airlock-webhook-tls");
    JsonNode hosts =
        volume(pod, mountAt(container, "/etc/containerd/certs.d").path("name").asText())
            .path("configMap");
    assertThat(hosts.path("name").asText()).isEqualTo("airlock-mirror-hosts");
    List<String> files = new ArrayList<>();
    hosts
        .path("items")
        .forEach(i -> files.add(i.path("key").asText() + "->" + i.path("path").asText()));
    assertThat(files)
        .containsExactly(
            "h0.hosts.toml->us-docker.pkg.dev/hosts.toml", "h0.ca.crt->us-docker.pkg.dev/ca.crt",
            "h1.hosts.toml->docker.io/hosts.toml", "h1.ca.crt->docker.io/ca.crt");
    JsonNode data =
        rendered.documents().stream()
            .filter(d -> d.path("kind").asText().equals("ConfigMap"))
            .filter(d -> d.path("metadata").path("name").asText().equals("airlock-mirror-hosts"))
            .filter(d -> d.path("metadata").path("namespace").asText().equals(Chart.NAMESPACE))
            .findFirst()
            .orElseThrow()
            .path("data");
    assertThat(data.path("h1.hosts.toml").asText())
        .contains("[host.\"https://registry.internal/v2/dockerhub\"]");
  }

  @Test
  void webhook_credentialsSecret_mountedAsAuthFile() {
    Rendered rendered = Chart.render(Map.of("mirror.credentialsSecret", "mirror-pull"));
    JsonNode pod = podSpec(rendered.one("Deployment", "airlock-webhook"));
    JsonNode container = pod.path("containers").get(0);
    assertThat(value(env(container), "AIRLOCK_REGISTRY_AUTH_FILE"))
        .isEqualTo("/etc/airlock/registry-auth/config.json");
    JsonNode secret =
        volume(pod, mountAt(container, "/etc/airlock/registry-auth").path("name").asText())
            .path("secret");
    assertThat(secret.path("secretName").asText()).isEqualTo("mirror-pull");
    assertThat(secret.path("items").get(0).path("key").asText()).isEqualTo(".dockerconfigjson");
    assertThat(secret.path("items").get(0).path("path").asText()).isEqualTo("config.json");
  }

  @Test
  void hostsFromHostPath_nodeCertsDirMountedReadOnly() {
    Rendered rendered = Chart.render(Map.of("mirror.hostsFrom", "hostPath"));
    JsonNode pod = podSpec(rendered.one("Deployment", "airlock-webhook"));
    JsonNode mount = mountAt(pod.path("containers").get(0), "/etc/containerd/certs.d");
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    assertThat(volume(pod, mount.path("name").asText()).path("hostPath").path("path").asText())
        .isEqualTo("/etc/containerd/certs.d");
    assertThat(rendered.ofKind("ConfigMap"))
        .noneSatisfy(
            c ->
                assertThat(c.path("metadata").path("name").asText())
                    .isEqualTo("airlock-mirror-hosts"));
  }

  @Test
  void images_globalRegistryAndDigest_pinTheReference() {
    Rendered rendered =
        Chart.render(
            Map.of(
                "global.imageRegistry",
                "registry.internal:5000",
                "webhook.image.digest",
                "sha256:" + "a".repeat(64)));
    String image =
        podSpec(rendered.one("Deployment", "airlock-webhook"))
            .path("containers")
            .get(0)
            .path("image")
            .asText();
    assertThat(image)
        .isEqualTo(
            "registry.internal:5000/airlock-dev/airlock-webhook:0.1.0@sha256:" + "a".repeat(64));
    for (Chart.PodSpec pod : rendered.podSpecs()) {
      for (JsonNode container : pod.allContainers()) {
        assertThat(container.path("image").asText())
            .as(pod.toString())
            .startsWith("registry.internal:5000/");
      }
    }
  }

  @Test
  void egressProbe_cronJobsOnPodNetworkAndHostNetwork() {
    Rendered rendered = Chart.render(Chart.ciValues("default-values.yaml"));
    List<JsonNode> cronJobs = rendered.ofKind("CronJob");
    assertThat(cronJobs).hasSize(2);
    Map<String, Boolean> hostNetworkByNamespace = new HashMap<>();
    for (JsonNode cronJob : cronJobs) {
      JsonNode pod =
          cronJob.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
      hostNetworkByNamespace.put(
          cronJob.path("metadata").path("namespace").asText(),
          pod.path("hostNetwork").asBoolean(false));
      assertThat(args(pod.path("containers").get(0)))
          .containsExactly(
              "egress",
              "--target",
              "https://registry-1.docker.io",
              "--target",
              "https://quay.io",
              "--target",
              "https://us-docker.pkg.dev",
              "--timeout",
              "5s");
      assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
    }
    assertThat(hostNetworkByNamespace)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("airlock-probe", false, "airlock-probe-host", true));
  }

  @Test
  void serveDaemonSet_lintsReadOnlyContainerdConfigWithNodeNameFromDownwardApi() {
    Rendered rendered = Chart.render(Chart.ciValues("default-values.yaml"));
    JsonNode daemonSet = rendered.one("DaemonSet", "airlock-probe");
    assertThat(daemonSet.path("metadata").path("namespace").asText())
        .isEqualTo("airlock-probe-host");
    JsonNode pod = podSpec(daemonSet);
    JsonNode container = pod.path("containers").get(0);
    assertThat(args(container)).containsExactly("serve");
    Map<String, JsonNode> env = env(container);
    assertThat(env.get("NODE_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText())
        .isEqualTo("spec.nodeName");
    assertThat(value(env, "QUARKUS_HTTP_PORT")).isEqualTo("9465");
    assertThat(value(env, "AIRLOCK_PROBE_INTERVAL")).isEqualTo("60s");
    assertThat(value(env, "AIRLOCK_PROBE_EGRESS_TIMEOUT")).isEqualTo("5s");
    assertThat(value(env, "AIRLOCK_PROBE_NODE_ROOT")).isEqualTo("/host");
    assertThat(value(env, "AIRLOCK_PROBE_NODE_REQUIRE")).isEqualTo("docker.io,us-docker.pkg.dev");
    assertThat(value(env, "AIRLOCK_PROBE_EGRESS_TARGETS"))
        .isEqualTo("https://registry-1.docker.io,https://quay.io,https://us-docker.pkg.dev");
    assertThat(value(env, "AIRLOCK_PROBE_MIRRORS")).isEqualTo("https://registry.internal");
    assertThat(value(env, "AIRLOCK_PROBE_IMAGES"))
        .isEqualTo(
            "docker.io/library/redis:7.2,us-docker.pkg.dev/solo-public/gloo-gateway/kgateway:v2.0.0");
    assertThat(value(env, "AIRLOCK_MIRROR_HOSTS_DIR")).isEqualTo("/etc/containerd/certs.d");
    JsonNode mount = mountAt(container, "/host/etc/containerd");
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    assertThat(volume(pod, mount.path("name").asText()).path("hostPath").path("path").asText())
        .isEqualTo("/etc/containerd");
  }

  @Test
  void nodeWorkJobs_listedNodes_oneJobPinnedToEachWithTtl() {
    Rendered rendered = Chart.render(Chart.ciValues("default-values.yaml"));
    List<JsonNode> jobs = rendered.ofKind("Job");
    assertThat(jobs).hasSize(2);
    List<String> nodes = new ArrayList<>();
    for (JsonNode job : jobs) {
      assertThat(job.path("metadata").path("namespace").asText()).isEqualTo("airlock-node");
      assertThat(job.path("spec").path("ttlSecondsAfterFinished").asInt()).isEqualTo(3600);
      JsonNode pod = podSpec(job);
      nodes.add(pod.path("nodeName").asText());
      assertThat(args(pod.path("containers").get(0)))
          .containsExactly(
              "lint-node", "--root", "/host", "--require", "docker.io,us-docker.pkg.dev");
      assertThat(
              mountAt(pod.path("containers").get(0), "/host/etc/containerd")
                  .path("readOnly")
                  .asBoolean())
          .isTrue();
    }
    assertThat(nodes).containsExactlyInAnyOrder("kind-worker", "kind-worker2");
    assertThat(rendered.ofKind("DaemonSet"))
        .noneSatisfy(
            d ->
                assertThat(d.path("metadata").path("namespace").asText())
                    .isEqualTo("airlock-node"));
  }

  @Test
  void nodeWorkJobs_noListedNodes_oneJobPerNodeFoundByLookup() {
    FakeKubeApi cluster = Chart.cluster();
    cluster.reset();
    cluster.setNodes(List.of("cp-1", "worker-1", "worker-2"));
    Rendered rendered = Chart.renderAgainstCluster(List.of(), Map.of());
    List<String> nodes = new ArrayList<>();
    rendered.ofKind("Job").forEach(j -> nodes.add(podSpec(j).path("nodeName").asText()));
    assertThat(nodes).containsExactlyInAnyOrder("cp-1", "worker-1", "worker-2");
  }

  @Test
  void nodeWorkJobs_specChange_changesJobNamesSoImmutableJobsAreReplaced() {
    Map<String, String> base = Map.of("nodeWork.nodes[0]", "n1");
    String before = Chart.render(base).one("Job").path("metadata").path("name").asText();
    Map<String, String> changed = new HashMap<>(base);
    changed.put("probe.requireHosts[0]", "quay.io");
    String after = Chart.render(changed).one("Job").path("metadata").path("name").asText();
    assertThat(after).isNotEqualTo(before).startsWith(before.substring(0, before.lastIndexOf('-')));
  }

  @Test
  void nodeWorkDaemonSet_lintsInInitContainerThenPauses() {
    Rendered rendered = Chart.render(Map.of("nodeWork.mode", "daemonset"));
    assertThat(rendered.ofKind("Job")).isEmpty();
    JsonNode pod = podSpec(rendered.one("DaemonSet", "airlock-node-work"));
    assertThat(args(pod.path("initContainers").get(0)))
        .containsExactly("lint-node", "--root", "/host");
    assertThat(pod.path("containers").get(0).path("image").asText())
        .isEqualTo("registry.k8s.io/pause:3.10");
  }

  @Test
  void policyConfigMap_rendersTheAdmissionPolicyFromValues() throws Exception {
    Rendered rendered = Chart.render(Chart.ciValues("default-values.yaml"));
    JsonNode configMap = rendered.one("ConfigMap", "airlock-policy");
    JsonNode policy = Chart.YAML.readTree(configMap.path("data").path("policy.yaml").asText());
    assertThat(policy.path("apiVersion").asText()).isEqualTo("airlock.dev/v1alpha1");
    assertThat(policy.path("kind").asText()).isEqualTo("AdmissionPolicy");
    JsonNode values = Chart.YAML.readTree(Chart.ciValues("default-values.yaml").toFile());
    assertThat(policy.path("spec").path("rules")).isEqualTo(values.path("policy").path("rules"));
    assertThat(policy.path("spec").path("unmatchedImages").asText()).isEqualTo("deny");
    assertThat(policy.path("spec").path("unmirroredImages").asText()).isEqualTo("deny");
    assertThat(
            policy
                .path("spec")
                .path("rules")
                .get(0)
                .path("attestors")
                .get(0)
                .path("entries")
                .get(0)
                .path("keys")
                .path("publicKeys")
                .asText())
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----");
  }

  @Test
  void policyConfigMap_stockValues_deniesEverythingUncovered() throws Exception {
    JsonNode configMap = Chart.render().one("ConfigMap", "airlock-policy");
    JsonNode spec =
        Chart.YAML.readTree(configMap.path("data").path("policy.yaml").asText()).path("spec");
    assertThat(spec.path("unmatchedImages").asText()).isEqualTo("deny");
    assertThat(spec.path("unmirroredImages").asText()).isEqualTo("deny");
    assertThat(spec.path("rules")).isEmpty();
    assertThat(spec.path("excludeNamespaces")).isEmpty();
  }

  @Test
  void inUseWatcher_offByDefault_oneReplicaThatCanOnlyListPodsWhenEnabled() {
    Rendered stock = Chart.render();
    assertThat(stock.ofKind("ClusterRole")).isEmpty();
    assertThat(stock.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(stock.ofKind("ServiceAccount")).isEmpty();
    assertThat(stock.podSpecs())
        .allSatisfy(
            p -> assertThat(p.spec().path("automountServiceAccountToken").asBoolean()).isFalse());

    Rendered enabled = Chart.render(Chart.ciValues("default-values.yaml"));
    JsonNode rules = enabled.one("ClusterRole").path("rules");
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).path("apiGroups").toString()).isEqualTo("[\"\"]");
    assertThat(rules.get(0).path("resources").toString()).isEqualTo("[\"pods\"]");
    assertThat(rules.get(0).path("verbs").toString()).isEqualTo("[\"list\"]");
    JsonNode subject = enabled.one("ClusterRoleBinding").path("subjects").get(0);
    assertThat(subject.path("name").asText()).isEqualTo("airlock-probe-in-use");
    assertThat(subject.path("namespace").asText()).isEqualTo("airlock-probe");
    JsonNode deployment = enabled.one("Deployment", "airlock-probe-in-use");
    assertThat(deployment.path("metadata").path("namespace").asText()).isEqualTo("airlock-probe");
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
    JsonNode pod = podSpec(deployment);
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("airlock-probe-in-use");
    assertThat(pod.path("automountServiceAccountToken").asBoolean()).isTrue();
    assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();
    assertThat(
            Chart.render()
                .one("DaemonSet", "airlock-probe")
                .path("spec")
                .path("template")
                .path("spec")
                .has("serviceAccountName"))
        .isFalse();
    JsonNode container = pod.path("containers").get(0);
    assertThat(args(container)).containsExactly("serve");
    Map<String, JsonNode> env = env(container);
    assertThat(value(env, "AIRLOCK_PROBE_IN_USE_ENABLED")).isEqualTo("true");
    assertThat(value(env, "AIRLOCK_MIRROR_HOSTS_DIR")).isEqualTo("/etc/containerd/certs.d");
    assertThat(env).doesNotContainKey("AIRLOCK_PROBE_NODE_ROOT");
    assertThat(
            enabled.inNamespace("airlock-probe").stream()
                .filter(d -> d.path("kind").asText().equals("ConfigMap"))
                .map(d -> d.path("metadata").path("name").asText()))
        .containsExactly("airlock-mirror-hosts");
    assertThat(
            enabled.inNamespace("airlock-probe").stream()
                .filter(d -> d.path("kind").asText().equals("NetworkPolicy")))
        .isEmpty();
  }
}
