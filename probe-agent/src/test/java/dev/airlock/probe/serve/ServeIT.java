package dev.airlock.probe.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.probe.metrics.ProbeMetricNames;
import dev.airlock.probe.testing.Loopback;
import dev.airlock.probe.testing.PackagedApp;
import dev.airlock.probe.testing.Scrape;
import dev.airlock.probe.tls.TrustMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} from the packaged jar against a real {@code docker-registry} with TLS from a test
 * CA, routed by a {@code certs.d/docker.io/hosts.toml} as a node would have it.
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
      String egress = "https://127.0.0.1:" + Loopback.closedPort();
      int port = Loopback.closedPort();
      Map<String, String> config =
          Map.of(
              "quarkus.http.host",
              "127.0.0.1",
              "quarkus.http.port",
              Integer.toString(port),
              "airlock.mirror.hosts-dir",
              hostsDir.toString(),
              "airlock.probe.egress.targets",
              egress,
              "airlock.probe.mirrors",
              mirror,
              "airlock.probe.images",
              "team/app:1.0,team/missing:1.0",
              "airlock.probe.disk.path",
              tmp.toString(),
              "airlock.probe.interval",
              "1h");

      PackagedApp.Run serve = PackagedApp.start(tmp, config, Map.of("NODE_NAME", NODE), "serve");
      try {
        List<String> lines =
            Scrape.until(port, 120, l -> Scrape.has(l, "airlock_mirror_disk_used_ratio"));
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
                Scrape.value(lines, "airlock_egress_leak", Map.of("target", egress, "node", NODE)))
            .isEqualTo(0.0);
        assertThat(
                Scrape.value(
                    lines,
                    "airlock_egress_probes_total",
                    Map.of("target", egress, "outcome", "refused", "node", NODE)))
            .isEqualTo(1.0);
        assertThat(
                Scrape.value(
                    lines, "airlock_egress_probe_last_run_timestamp_seconds", Map.of("node", NODE)))
            .isPositive();
        for (String name : ProbeMetricNames.PROMETHEUS_NAMES) {
          assertThat(Scrape.has(lines, name) || Scrape.has(lines, name + "_bucket"))
              .as(name + " is exported")
              .isTrue();
        }
      } finally {
        serve.stop();
      }
    }
  }

  @Test
  void serve_brokenMirrorConfiguration_keepsRunningAndCountsFailures() throws Exception {
    String egress = "https://127.0.0.1:" + Loopback.closedPort();
    String mirror = "https://127.0.0.1:" + Loopback.closedPort();
    int port = Loopback.closedPort();
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

    PackagedApp.Run serve = PackagedApp.start(tmp, config, Map.of(), "serve");
    try {
      List<String> lines = Scrape.until(port, 120, l -> Scrape.has(l, "airlock_mirror_up"));

      assertThat(serve.process().isAlive()).as(serve.describe()).isTrue();
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
      serve.stop();
    }
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
    return TrustMaterial.readCertificates(cert).get(0).getNotAfter().toInstant().getEpochSecond();
  }
}
