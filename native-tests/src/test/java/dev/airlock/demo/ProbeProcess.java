package dev.airlock.demo;

import dev.airlock.oci.testing.AppProcess;
import dev.airlock.oci.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged probe agent: {@code serve} (the exporter, plain HTTP on a free port of 127.0.0.1)
 * and the one-shot {@code egress} command (design.md "Probe agent"). Egress targets are loopback
 * only: a {@link LeakyRegistry} and a closed port.
 */
final class ProbeProcess implements AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofSeconds(90);

  private final AppProcess app;
  private final int port;
  private final String firstMetrics;

  private ProbeProcess(AppProcess app, int port, String firstMetrics) {
    this.app = app;
    this.port = port;
    this.firstMetrics = firstMetrics;
  }

  /**
   * Starts {@code serve} and waits until the start-up round has published every egress target and
   * every mirror (and the pulls of {@code images}).
   */
  static ProbeProcess serve(
      Path runner, DemoMirror mirror, List<String> egressTargets, List<String> images, Path workDir)
      throws IOException, InterruptedException {
    int port = FreePorts.next();
    Map<String, String> env =
        Map.of(
            "AIRLOCK_MIRROR_HOSTS_DIR", mirror.hostsDir().toString(),
            "AIRLOCK_PROBE_MIRRORS", mirror.origin(),
            "AIRLOCK_PROBE_IMAGES", String.join(",", images),
            "AIRLOCK_PROBE_EGRESS_TARGETS", String.join(",", egressTargets),
            "AIRLOCK_PROBE_EGRESS_TIMEOUT", "3s",
            "QUARKUS_HTTP_PORT", Integer.toString(port),
            "QUARKUS_HTTP_HOST", "127.0.0.1");
    AppProcess app =
        AppProcess.start("probe-serve", runner, Map.of(), List.of("serve"), env, workDir);
    Children.record();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try {
      String metrics =
          Ports.await(
              http,
              URI.create("http://127.0.0.1:" + port + "/q/metrics"),
              body -> roundDone(body, mirror.origin(), egressTargets, images.size()),
              app,
              START_LIMIT);
      return new ProbeProcess(app, port, metrics);
    } catch (RuntimeException | InterruptedException e) {
      app.close();
      throw e;
    }
  }

  private static boolean roundDone(
      String metrics, String mirror, List<String> targets, int images) {
    boolean egress =
        targets.stream()
            .allMatch(t -> metrics.contains("airlock_egress_leak{target=\"" + t + "\""));
    long pulls = metrics.lines().filter(l -> l.startsWith("airlock_mirror_pulls_total{")).count();
    return egress
        && metrics.contains("airlock_mirror_up{mirror=\"" + mirror + "\"")
        && pulls >= images;
  }

  /** The metrics scraped once the start-up round was complete. */
  String metrics() {
    return firstMetrics;
  }

  String origin() {
    return "http://127.0.0.1:" + port;
  }

  /** A one-shot {@code egress} run: its stdout lines and exit code. */
  record EgressRun(List<String> lines, int exitCode) {}

  static EgressRun egress(Path runner, List<String> targets, Path caFile, Path workDir)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("egress"));
    for (String target : targets) {
      args.add("--target");
      args.add(target);
    }
    args.addAll(List.of("--timeout", "3s", "--ca-file", caFile.toString()));
    try (AppProcess run =
        AppProcess.start("probe-egress", runner, Map.of(), args, Map.of(), workDir)) {
      Children.record();
      int exit = run.waitFor(Duration.ofSeconds(60));
      return new EgressRun(run.stdout().lines().toList(), exit);
    }
  }

  @Override
  public void close() throws InterruptedException {
    app.close();
  }
}
