package dev.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.airlock.oci.testing.AppProcess;
import dev.airlock.oci.testing.FreePorts;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged probe agent's egress probe: one-shot {@code egress} (exit codes, one classified line
 * per target on stdout) and the {@code serve} exporter's {@code airlock_egress_leak} gauge, against
 * a local HTTPS server standing in for a reachable public registry and a closed port standing in
 * for a blocked one.
 */
class ProbeEgressIT {
  private static final Duration ONE_SHOT_LIMIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private TestPki pki;
  private HttpsServer registry;
  private String leaking;
  private String closed;

  @BeforeEach
  void startPublicRegistryLookalike() throws IOException {
    pki = TestPki.create(dir.resolve("pki"));
    registry = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.setHttpsConfigurator(
        new HttpsConfigurator(pki.serverCert("public-registry").keyContext(false)));
    registry.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"https://x/token\"");
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        });
    registry.start();
    leaking = "https://127.0.0.1:" + registry.getAddress().getPort();
    closed = "https://127.0.0.1:" + FreePorts.next();
  }

  @AfterEach
  void stopRegistry() {
    registry.stop(0);
  }

  @Test
  void egress_reachableRegistry_printsLeakWithStatusAndExits2() throws Exception {
    try (AppProcess probe =
        probe("egress", "--target", leaking, "--ca-file", pki.caFile().toString())) {
      assertThat(probe.waitFor(ONE_SHOT_LIMIT)).as(probe.describe()).isEqualTo(2);
      assertThat(probe.stdoutLines()).containsExactly(leaking + " LEAK (http 401)");
    }
  }

  @Test
  void egress_untrustedCertificate_isStillALeak() throws Exception {
    try (AppProcess probe = probe("egress", "--target", leaking)) {
      assertThat(probe.waitFor(ONE_SHOT_LIMIT)).as(probe.describe()).isEqualTo(2);
      assertThat(probe.stdoutLines())
          .singleElement()
          .asString()
          .startsWith(leaking + " LEAK (tls: ");
    }
  }

  @Test
  void egress_closedPort_printsBlockedRefusedAndExits0() throws Exception {
    try (AppProcess probe = probe("egress", "--target", closed, "--timeout", "3s")) {
      assertThat(probe.waitFor(ONE_SHOT_LIMIT)).as(probe.describe()).isEqualTo(0);
      assertThat(probe.stdoutLines()).containsExactly(closed + " blocked (refused)");
    }
  }

  @Test
  void egress_oneLeakAmongBlockedTargets_exits2WithALinePerTargetInOrder() throws Exception {
    try (AppProcess probe =
        probe(
            "egress",
            "--target",
            closed,
            "--target",
            leaking,
            "--ca-file",
            pki.caFile().toString())) {
      assertThat(probe.waitFor(ONE_SHOT_LIMIT)).as(probe.describe()).isEqualTo(2);
      assertThat(probe.stdoutLines())
          .containsExactly(closed + " blocked (refused)", leaking + " LEAK (http 401)");
    }
  }

  @Test
  void egress_targetThatIsNoHttpUrl_isAUsageErrorExit1() throws Exception {
    try (AppProcess probe = probe("egress", "--target", "ftp://mirror.example")) {
      assertThat(probe.waitFor(ONE_SHOT_LIMIT)).as(probe.describe()).isEqualTo(1);
      assertThat(probe.stderr())
          .contains("invalid target \"ftp://mirror.example\": must be an https:// or http:// URL");
      assertThat(probe.stdout()).isEmpty();
    }
  }

  @Test
  void serve_exportsEgressLeakPerConfiguredTarget() throws Exception {
    int port = FreePorts.next();
    Map<String, String> env =
        Map.of(
            "QUARKUS_HTTP_HOST", "127.0.0.1",
            "QUARKUS_HTTP_PORT", Integer.toString(port),
            "AIRLOCK_PROBE_EGRESS_TARGETS", leaking + "," + closed,
            "AIRLOCK_PROBE_INTERVAL", "1h",
            "NODE_NAME", "node-e2e");
    try (AppProcess serve =
        PackagedApp.start(
            PackagedApp.runner(PackagedApp.PROBE), List.of("serve"), env, dir.resolve("serve"))) {
      List<String> leakSeries = scrapeUntilBothTargets(serve, port);

      assertThat(leakSeries)
          .containsExactlyInAnyOrder(
              "airlock_egress_leak{node=\"node-e2e\",target=\"" + leaking + "\"} 1.0",
              "airlock_egress_leak{node=\"node-e2e\",target=\"" + closed + "\"} 0.0");
    }
  }

  /** Scrapes {@code /q/metrics} until both targets have a leak series (the first round ran). */
  private static List<String> scrapeUntilBothTargets(AppProcess serve, int port)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI metrics = URI.create("http://127.0.0.1:" + port + "/q/metrics");
    long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String last = "no answer";
    while (System.nanoTime() < end) {
      if (!serve.alive()) {
        throw new AssertionError("serve exited; " + serve.describe());
      }
      Optional<String> body = Optional.empty();
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        body = Optional.of(answer.body());
      } catch (IOException e) {
        last = e.toString();
      }
      if (body.isPresent()) {
        List<String> series =
            body.get().lines().filter(l -> l.startsWith("airlock_egress_leak{")).toList();
        if (series.size() >= 2) {
          return series;
        }
        last = String.join("\n", series);
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "no egress series within 120 s (last: " + last + "); " + serve.describe());
  }

  private AppProcess probe(String... args) throws IOException {
    return PackagedApp.start(
        PackagedApp.runner(PackagedApp.PROBE), List.of(args), Map.of(), dir.resolve("probe"));
  }
}
