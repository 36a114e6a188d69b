package dev.airlock.probe.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.AppProcess;
import dev.airlock.oci.testing.FreePorts;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.oci.tls.TrustStores;
import dev.airlock.probe.inuse.TestPods;
import dev.airlock.probe.lint.LintCheck;
import dev.airlock.probe.lint.NodeTree;
import dev.airlock.probe.metrics.ProbeMetricNames;
import dev.airlock.probe.testing.PackagedApp;
import dev.airlock.probe.testing.Scrape;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} from the packaged jar against a real {@code docker-registry} with TLS from a test
 * CA, routed by a {@code certs.d/docker.io/hosts.toml} as a node would have it; with a node root to
 * lint and the fabric8 mock API server for the in-use watch.
 */
class ServeIT {
  private static final String NODE = "node-a";

  @TempDir Path tmp;

  @Test
  void serve_realRegistry_exportsMirrorAndEgressSeries() throws Exception {
    TestPki pki = TestPki.create(tmp.resolve("pki"));
    try (RegistryServer registry = RegistryServer.builder(pki, tmp.resolve("registry")).start()) {
      registry.pusher().image("team/app", "1.0", RegistryPusher.Format.OCI);
      Path hostsDir = hostsDir(registry);
      String mirror = registry.origin().toString();
      String egress = "https://127.0.0.1:" + FreePorts.next();
      int port = FreePorts.next();
      Path nodeRoot = nodeRoot(registry);
      KubernetesServer kubernetes = kubernetesWithPods();
      try {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("airlock.mirror.hosts-dir", hostsDir.toString());
        config.put("airlock.probe.egress.targets", egress);
        config.put("airlock.probe.mirrors", mirror);
        config.put("airlock.probe.images", "team/app:1.0,team/missing:1.0");
        config.put("airlock.probe.disk.path", tmp.toString());
        config.put("airlock.probe.interval", "1h");
        config.put("airlock.probe.node.root", nodeRoot.toString());
        // docker.io has a good hosts.toml; quay.io has none: hosts_file fails.
        config.put("airlock.probe.node.require", "docker.io,quay.io");
        config.put("airlock.probe.in-use.enabled", "true");
        config.put(
            "quarkus.kubernetes-client.api-server-url",
            kubernetes.getClient().getMasterUrl().toString());
        config.put("quarkus.kubernetes-client.trust-certs", "true");

        AppProcess serve = PackagedApp.start(tmp, config, Map.of("NODE_NAME", NODE), "serve");
        try {
          // The in-use watch is the last step of a round: once it is exported, all steps ran.
          List<String> lines =
              Scrape.until(port, 120, l -> Scrape.has(l, "airlock_mirror_in_use_image_missing"));
          Map<String, String> byMirror = Map.of("mirror", mirror, "node", NODE);

          assertThat(Scrape.value(lines, "airlock_mirror_up", byMirror)).isEqualTo(1.0);
          assertThat(
                  Scrape.value(lines, "airlock_mirror_tls_cert_expiry_timestamp_seconds", byMirror))
              .isEqualTo((double) registryCertificateNotAfter(pki, registry));
          assertThat(
                  Scrape.value(
                      lines, "airlock_mirror_pulls_total", pull("team/app:1.0", mirror, "ok")))
              .isEqualTo(1.0);
          assertThat(
                  Scrape.value(
                      lines,
                      "airlock_mirror_pulls_total",
                      pull("team/missing:1.0", mirror, "failed")))
              .isEqualTo(1.0);
          assertThat(Scrape.value(lines, "airlock_mirror_pull_duration_seconds_count", byMirror))
              .isEqualTo(2.0);
          Map<String, String> infBucket = new HashMap<>(byMirror);
          infBucket.put("le", "+Inf");
          assertThat(Scrape.value(lines, "airlock_mirror_pull_duration_seconds_bucket", infBucket))
              .isEqualTo(2.0);
          assertThat(Scrape.value(lines, "airlock_mirror_disk_used_ratio", byMirror))
              .isBetween(0.0, 1.0);
          assertThat(
                  Scrape.value(
                      lines, "airlock_egress_leak", Map.of("target", egress, "node", NODE)))
              .isEqualTo(0.0);
          assertThat(
                  Scrape.value(
                      lines,
                      "airlock_egress_probes_total",
                      Map.of("target", egress, "outcome", "refused", "node", NODE)))
              .isEqualTo(1.0);
          assertThat(
                  Scrape.value(
                      lines,
                      "airlock_egress_probe_last_run_timestamp_seconds",
                      Map.of("node", NODE)))
              .isPositive();
          assertThat(series(lines, "airlock_node_config_ok"))
              .hasSize(LintCheck.values().length)
              .allSatisfy(line -> assertThat(line).contains("node=\"" + NODE + "\""));
          Map<String, Double> expected =
              Map.of(
                  "config_path", 1.0,
                  "hosts_file", 0.0,
                  "skip_verify", 1.0,
                  "ca_file", 1.0,
                  "credentials_file", 1.0,
                  "upstream_fallback", 1.0);
          for (LintCheck check : LintCheck.values()) {
            assertThat(
                    Scrape.value(
                        lines, "airlock_node_config_ok", Map.of("check", check.id(), "node", NODE)))
                .as(check.id())
                .isEqualTo(expected.get(check.id()));
          }
          // One series, for the missing image only; team/app:1.0 resolves and has none.
          assertThat(series(lines, "airlock_mirror_in_use_image_missing")).hasSize(1);
          assertThat(
                  Scrape.value(
                      lines,
                      "airlock_mirror_in_use_image_missing",
                      Map.of("image", "team/missing:1.0", "node", NODE)))
              .isEqualTo(1.0);
          assertThat(serve.describe())
              .contains(
                  "node config error hosts_file /etc/containerd/certs.d/quay.io/hosts.toml:"
                      + " no hosts.toml: quay.io is pulled from its public registry")
              .contains("in-use image team/missing:1.0: missing: tag 1.0")
              .doesNotContain("in-use image team/app:1.0");
          for (String name : ProbeMetricNames.PROMETHEUS_NAMES) {
            assertThat(Scrape.has(lines, name) || Scrape.has(lines, name + "_bucket"))
                .as(name + " is exported")
                .isTrue();
          }
        } finally {
          serve.close();
        }
      } finally {
        kubernetes.after();
      }
    }
  }

  @Test
  void serve_brokenMirrorConfiguration_keepsRunningAndCountsFailures() throws Exception {
    String egress = "https://127.0.0.1:" + FreePorts.next();
    String mirror = "https://127.0.0.1:" + FreePorts.next();
    int port = FreePorts.next();
    Map<String, String> config =
        Map.of(
            "quarkus.http.host",
            "127.0.0.1",
            "quarkus.http.port",
            Integer.toString(port),
            "airlock.mirror.hosts-dir",
            tmp.resolve("missing-certs.d").toString(),
            "airlock.registry.auth-file",
            tmp.resolve("missing-config.json").toString(),
            "airlock.probe.egress.targets",
            egress + ",not a url",
            "airlock.probe.mirrors",
            mirror,
            "airlock.probe.images",
            "redis:7.2,Not/A:Valid:Image",
            "airlock.probe.disk.path",
            tmp.resolve("missing-volume").toString(),
            "airlock.probe.interval",
            "1h");

    AppProcess serve = PackagedApp.start(tmp, config, Map.of(), "serve");
    try {
      List<String> lines = Scrape.until(port, 120, l -> Scrape.has(l, "airlock_mirror_up"));

      assertThat(serve.alive()).as(serve.describe()).isTrue();
      assertThat(Scrape.value(lines, "airlock_mirror_up", Map.of("mirror", mirror))).isZero();
      assertThat(
              Scrape.value(
                  lines,
                  "airlock_mirror_pulls_total",
                  Map.of("image", "redis:7.2", "mirror", "none", "result", "failed")))
          .isEqualTo(1.0);
      assertThat(
              Scrape.value(
                  lines,
                  "airlock_mirror_pulls_total",
                  Map.of("image", "Not/A:Valid:Image", "mirror", "none", "result", "failed")))
          .isEqualTo(1.0);
      assertThat(Scrape.value(lines, "airlock_egress_leak", Map.of("target", egress))).isZero();
      assertThat(Scrape.has(lines, "airlock_mirror_tls_cert_expiry_timestamp_seconds")).isFalse();
      assertThat(Scrape.has(lines, "airlock_mirror_disk_used_ratio")).isFalse();
      assertThat(serve.describe())
          .contains("airlock.mirror.hosts-dir: " + tmp.resolve("missing-certs.d"))
          .contains("airlock.probe.egress.targets: invalid target \"not a url\"");
    } finally {
      serve.close();
    }
  }

  @Test
  void serve_inUseDisabled_neverCallsKubernetesApi() throws Exception {
    // Outside a cluster with the watch off, the agent must not look for an API server at all; one
    // is offered here (where the client would go) and must never see a connection.
    try (ServerSocketChannel apiServer = ServerSocketChannel.open()) {
      apiServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      apiServer.configureBlocking(false);
      Path nodeRoot =
          new NodeTree(tmp.resolve("node"))
              .file("/etc/containerd/config.toml", NodeTree.V3_CONFIG)
              .root();
      String egress = "https://127.0.0.1:" + FreePorts.next();
      int port = FreePorts.next();
      Map<String, String> config =
          Map.of(
              "quarkus.http.host",
              "127.0.0.1",
              "quarkus.http.port",
              Integer.toString(port),
              "airlock.probe.egress.targets",
              egress,
              "airlock.probe.node.root",
              nodeRoot.toString(),
              "airlock.probe.interval",
              "1s",
              "quarkus.kubernetes-client.api-server-url",
              "http://127.0.0.1:" + apiServer.socket().getLocalPort());
      Map<String, String> refused = Map.of("target", egress, "outcome", "refused");

      AppProcess serve = PackagedApp.start(tmp, config, Map.of(), "serve");
      try {
        // Rounds never overlap: once the second has probed egress, the first ran to its end.
        List<String> lines =
            Scrape.until(
                port,
                120,
                l ->
                    Scrape.has(l, "airlock_egress_probes_total")
                        && Scrape.value(l, "airlock_egress_probes_total", refused) >= 2);

        assertThat(Scrape.has(lines, "airlock_node_config_ok")).isTrue();
        assertThat(Scrape.has(lines, "airlock_mirror_in_use_image_missing")).isFalse();
        assertThat(apiServer.accept()).as("a connection to the Kubernetes API server").isNull();
        assertThat(serve.describe())
            .doesNotContain("in-use")
            .doesNotContain("kubernetes.default.svc");
      } finally {
        serve.close();
      }
    }
  }

  /** The sample lines of {@code name}, whatever their labels. */
  private static List<String> series(List<String> lines, String name) {
    return lines.stream()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .toList();
  }

  /**
   * A node root as the DaemonSet mounts it: containerd 2 reads {@code certs.d}, whose {@code
   * docker.io/hosts.toml} sends pulls to the test registry only, trusting a CA on the node.
   */
  private static Path nodeRoot(RegistryServer registry) throws Exception {
    String hostsToml =
        "server = \""
            + registry.origin()
            + "\"\n"
            + "ca = \"/etc/airlock/mirror-ca.crt\"\n\n"
            + "[host.\""
            + registry.origin()
            + "\"]\n"
            + "  capabilities = [\"pull\", \"resolve\"]\n"
            + "  ca = \"/etc/airlock/mirror-ca.crt\"\n";
    return new NodeTree(registry.caFile().getParent().resolveSibling("node"))
        .file("/etc/containerd/config.toml", NodeTree.V3_CONFIG)
        .file("/etc/containerd/certs.d/docker.io/hosts.toml", hostsToml)
        .ca("/etc/airlock/mirror-ca.crt", "Mirror CA", Instant.now().plus(Duration.ofDays(365)))
        .root();
  }

  /**
   * The fabric8 mock API server (CRUD mode, plain HTTP on loopback) with two pods: one runs the
   * image the mirror has, the other also one it lacks.
   */
  private static KubernetesServer kubernetesWithPods() {
    KubernetesServer server =
        new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    server.before();
    var pods = server.getClient().pods();
    pods.inNamespace("shop")
        .resource(TestPods.pod("shop", "web-0", "team/app:1.0", "team/app:1.0", null))
        .create();
    pods.inNamespace("batch")
        .resource(TestPods.pod("batch", "job-0", "team/missing:1.0", "team/app:1.0", null))
        .create();
    return server;
  }

  private static Map<String, String> pull(String image, String mirror, String result) {
    return Map.of("image", image, "mirror", mirror, "result", result, "node", NODE);
  }

  /** {@code certs.d/docker.io/hosts.toml}: Docker Hub images go to the test registry. */
  private static Path hostsDir(RegistryServer registry) throws Exception {
    Path dir = registry.caFile().getParent().resolveSibling("certs.d");
    Path dockerIo = Files.createDirectories(dir.resolve("docker.io"));
    Files.writeString(
        dockerIo.resolve("hosts.toml"),
        "server = \"https://registry-1.docker.io\"\n\n"
            + "[host.\""
            + registry.origin()
            + "\"]\n"
            + "  capabilities = [\"pull\", \"resolve\"]\n"
            + "  ca = \""
            + registry.caFile()
            + "\"\n");
    return dir;
  }

  /** The notAfter of the certificate the registry serves (TestPki writes {@code <name>.crt}). */
  private static long registryCertificateNotAfter(TestPki pki, RegistryServer registry)
      throws Exception {
    Path cert = pki.caFile().resolveSibling("registry-" + registry.port() + ".crt");
    return TrustStores.readCertificates(cert).get(0).getNotAfter().toInstant().getEpochSecond();
  }
}
