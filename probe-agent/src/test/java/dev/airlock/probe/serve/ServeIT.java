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
            Scrape.until(
                port, 120, l -> l.stream().anyMatch(s -> s.startsWith("airlock_mirror_up")));
        String m = "mirror=\"" + mirror + "\"";
        String n = "node=\"" + NODE + "\"";

        assertThat(Scrape.value(lines, "airlock_mirror_up{" + m + "," + n + "}")).isEqualTo(1.0);
        assertThat(
                Scrape.value(
                    lines, "airlock_mirror_tls_cert_expiry_timestamp_seconds{" + m + "," + n + "}"))
            .isEqualTo((double) registryCertificateNotAfter(pki, registry));
        assertThat(
                Scrape.value(
                    lines,
                    "airlock_mirror_pulls_total{image=\"team/app:1.0\","
                        + m
                        + ","
                        + n
                        + ",result=\"ok\"}"))
            .isEqualTo(1.0);
        assertThat(
                Scrape.value(
                    lines,
                    "airlock_mirror_pulls_total{image=\"team/missing:1.0\","
                        + m
                        + ","
                        + n
                        + ",result=\"failed\"}"))
            .isEqualTo(1.0);
        assertThat(
                Scrape.value(
                    lines, "airlock_mirror_pull_duration_seconds_count{" + m + "," + n + "}"))
            .isEqualTo(2.0);
        assertThat(lines)
            .anyMatch(l -> l.startsWith("airlock_mirror_pull_duration_seconds_bucket{"));
        assertThat(Scrape.value(lines, "airlock_egress_leak{" + n + ",target=\"" + egress + "\"}"))
            .isEqualTo(0.0);
        assertThat(
                Scrape.value(
                    lines,
                    "airlock_egress_probes_total{"
                        + n
                        + ",outcome=\"refused\",target=\""
                        + egress
                        + "\"}"))
            .isEqualTo(1.0);
        assertThat(
                Scrape.value(lines, "airlock_egress_probe_last_run_timestamp_seconds{" + n + "}"))
            .isPositive();
        assertThat(Scrape.value(lines, "airlock_mirror_disk_used_ratio{" + m + "," + n + "}"))
            .isBetween(0.0, 1.0);
        for (String name : ProbeMetricNames.PROMETHEUS_NAMES) {
          assertThat(lines)
              .as(name)
              .anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + "_bucket{"));
        }
      } finally {
        serve.stop();
      }
    }
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
