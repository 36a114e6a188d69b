package dev.airlock.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.AppProcess;
import dev.airlock.oci.testing.FreePorts;
import dev.airlock.probe.testing.PackagedApp;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only {@code serve} binds the HTTP port: one-shot commands run while the port is taken. */
class OneShotNoPortIT {
  @TempDir Path tmp;

  @Test
  void egress_twoRunsInParallelWhileHttpPortIsTaken_bothSucceed() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Map<String, String> port = busyPort(busy);
      String target = "https://127.0.0.1:" + FreePorts.next();

      AppProcess first = PackagedApp.start(tmp, port, Map.of(), "egress", "--target", target);
      AppProcess second = PackagedApp.start(tmp, port, Map.of(), "egress", "--target", target);

      assertThat(first.waitFor(java.time.Duration.ofSeconds(120))).as(first.describe()).isZero();
      assertThat(second.waitFor(java.time.Duration.ofSeconds(120))).as(second.describe()).isZero();
      assertThat(first.stdoutLines()).containsExactly(target + " blocked (refused)");
      assertThat(second.stdoutLines()).containsExactly(target + " blocked (refused)");
    }
  }

  @Test
  void serve_httpPortTaken_failsToStart() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Map<String, String> config =
          Map.of(
              "quarkus.http.host",
              "127.0.0.1",
              "quarkus.http.port",
              Integer.toString(busy.getLocalPort()),
              "airlock.probe.egress.targets",
              "https://127.0.0.1:" + FreePorts.next());

      AppProcess serve = PackagedApp.start(tmp, config, Map.of(), "serve");

      assertThat(serve.waitFor(java.time.Duration.ofSeconds(120))).as(serve.describe()).isNotZero();
      assertThat(serve.describe()).contains("Port " + busy.getLocalPort() + " seems to be in use");
    }
  }

  private static Map<String, String> busyPort(ServerSocket busy) {
    return Map.of(
        "quarkus.http.host",
        "127.0.0.1",
        "quarkus.http.port",
        Integer.toString(busy.getLocalPort()));
  }
}
