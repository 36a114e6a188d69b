package dev.airlock.demo;

import static dev.airlock.demo.Metrics.label;

import dev.airlock.e2e.DeployedWebhook;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.testing.FreePorts;
import dev.airlock.oci.testing.ServedApp;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The demo of issue 8, run by {@code scripts/demo.sh}: a local mirror with signed and unsigned
 * images, the packaged webhook pinning and denying, the packaged probe agent catching a leak.
 * Prints what happens, checks every expected decision, and exits 0 only when all checks pass.
 *
 * <p>System properties: {@code airlock.webhook.runner}, {@code airlock.probe.runner} (default: the
 * fast-jars under the working directory), {@code airlock.demo.dir} (default: a fresh temporary
 * directory, removed after a successful run).
 */
public final class Demo {
  private final PrintStream out;
  private final Checks checks;
  private final Path dir;
  private final Path webhookRunner;
  private final Path probeRunner;

  Demo(PrintStream out, Path dir, Path webhookRunner, Path probeRunner) {
    this.out = out;
    this.checks = new Checks(out);
    this.dir = dir;
    this.webhookRunner = webhookRunner;
    this.probeRunner = probeRunner;
  }

  public static void main(String[] args) throws IOException {
    Children.stopAllOnExit();
    Path dir =
        Optional.ofNullable(System.getProperty("airlock.demo.dir"))
            .map(Path::of)
            .orElse(Files.createTempDirectory("airlock-demo-"));
    Path webhook =
        Path.of(
            System.getProperty(
                "airlock.webhook.runner", "webhook/target/quarkus-app/quarkus-run.jar"));
    Path probe =
        Path.of(
            System.getProperty(
                "airlock.probe.runner", "probe-agent/target/quarkus-app/quarkus-run.jar"));
    boolean ok = new Demo(System.out, dir, webhook, probe).run();
    if (ok && System.getProperty("airlock.demo.dir") == null) {
      delete(dir);
    } else if (!ok) {
      System.out.println("work directory kept for inspection: " + dir);
    }
    System.out.flush();
    System.exit(ok ? 0 : 1);
  }

  /** Runs the whole demo; true when every check passed. Stops everything it started. */
  boolean run() {
    try {
      Path webhook = runner(webhookRunner);
      Path probe = runner(probeRunner);
      try (DemoMirror mirror = DemoMirror.start(dir.resolve("mirror"))) {
        List<Sample> samples = mirror(mirror);
        String webhookMetrics = admission(webhook, mirror, samples);
        String probeMetrics = probe(probe, mirror, samples);
        section("6", "metrics (a few lines of each /q/metrics)");
        out.println("webhook:");
        show(webhookMetrics, "airlock_admission_reviews_total");
        show(webhookMetrics, "airlock_image_verifications_total");
        out.println("probe agent:");
        show(probeMetrics, "airlock_mirror_up");
        show(probeMetrics, "airlock_mirror_tls_cert_expiry_timestamp_seconds");
        show(probeMetrics, "airlock_mirror_pulls_total");
        checkWebhookMetrics(webhookMetrics);
      }
    } catch (Exception | AssertionError e) {
      out.println("ERROR: " + e.getMessage());
      checks.aborted("demo stopped: " + e);
    }
    out.println();
    checks.summary();
    return checks.passed();
  }

  private List<Sample> mirror(DemoMirror m) throws IOException {
    section("1", "mirror: docker-registry on " + m.origin() + " (TLS from a fresh CA)");
    List<Sample> samples = Samples.push(m);
    for (Sample s : samples) {
      out.printf("  %-52s %s%n", s.written(), s.what());
    }
    section("2", "node configuration: " + m.hostsDir());
    try (Stream<Path> files = Files.walk(m.hostsDir())) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.println("--- " + m.hostsDir().relativize(file));
        out.print(Files.readString(file).indent(2));
      }
    }
    out.println("--- policy " + m.policyFile());
    out.print(Files.readString(m.policyFile()).indent(2));
    return samples;
  }

  private String admission(Path runner, DemoMirror m, List<Sample> samples) throws Exception {
    try (ServedApp webhook =
        DeployedWebhook.start(
            runner,
            m.pki(),
            m.policyFile(),
            m.hostsDir(),
            dir.resolve("webhook"),
            Map.of(),
            HttpClient.Version.HTTP_2)) {
      Children.record();
      section(
          "3",
          "webhook ready on "
              + webhook.baseUrl()
              + "; one Pod CREATE per image: /mutate?timeout=10s, then /validate of the patched pod");
      AdmissionDemo admission =
          new AdmissionDemo(webhook, MirrorMap.load(m.hostsDir()), checks, out);
      admission.pods(samples, samples.get(0).written());
      out.println();
      admission.deployment(List.of(samples.get(0), samples.get(1)));
      return webhook.get("/q/metrics").body();
    }
  }

  private String probe(Path runner, DemoMirror m, List<Sample> samples) throws Exception {
    try (LeakyRegistry leaky = LeakyRegistry.start(m.pki())) {
      String closed = "https://127.0.0.1:" + FreePorts.next();
      List<String> targets = List.of(leaky.origin(), closed);
      section(
          "4",
          "probe agent `serve`: egress targets "
              + leaky.origin()
              + " (stands in for a public registry the firewall lets through) and "
              + closed
              + " (a blocked one: nothing listens)");
      List<String> images = List.of(samples.get(0).written(), samples.get(1).written());
      String metrics;
      try (ProbeProcess serve =
          ProbeProcess.serve(runner, m, targets, images, dir.resolve("probe"))) {
        metrics = serve.metrics();
      }
      show(metrics, "airlock_egress_leak");
      show(metrics, "airlock_egress_probes_total");
      out.println(
          "  (serve trusts only the JVM's CAs: the stand-in's TLS handshake fails, but TCP reached"
              + " it, so it is a leak)");
      checks.equal(
          "serve: leak verdict of " + leaky.origin(),
          Optional.of(1.0),
          Metrics.value(metrics, "airlock_egress_leak", label("target", leaky.origin())));
      checks.equal(
          "serve: leak verdict of " + closed,
          Optional.of(0.0),
          Metrics.value(metrics, "airlock_egress_leak", label("target", closed)));
      checks.equal(
          "serve: mirror up",
          Optional.of(1.0),
          Metrics.value(metrics, "airlock_mirror_up", label("mirror", m.origin())));
      for (String image : images) {
        checks.that(
            Metrics.value(
                        metrics,
                        "airlock_mirror_pulls_total",
                        label("image", image),
                        label("result", "ok"))
                    .orElse(0.0)
                >= 1,
            "serve: no successful pull of " + image + " through the mirror");
      }
      section("5", "probe agent `egress` (one-shot, CronJob mode; --ca-file trusts the demo CA)");
      ProbeProcess.EgressRun run =
          ProbeProcess.egress(runner, targets, m.caFile(), dir.resolve("probe"));
      run.lines().forEach(l -> out.println("  " + l));
      out.println("  exit code " + run.exitCode() + " (0: nothing reachable, 2: a leak)");
      checks.equal("egress: exit code", 2, run.exitCode());
      checks.equal(
          "egress: lines",
          List.of(leaky.origin() + " LEAK (http 401)", closed + " blocked (refused)"),
          run.lines());
      return metrics;
    }
  }

  private void checkWebhookMetrics(String metrics) {
    String name = "airlock_admission_reviews_total";
    for (String reason : List.of("unsigned", "untrusted", "unmatched", "unmirrored", "no_digest")) {
      checks.that(
          Metrics.value(
                      metrics,
                      name,
                      label("webhook", "mutate"),
                      label("decision", "denied"),
                      label("reason", reason))
                  .orElse(0.0)
              >= 1,
          "webhook metrics: no mutate denial with reason " + reason);
    }
    checks.that(
        Metrics.value(
                    metrics,
                    name,
                    label("webhook", "validate"),
                    label("decision", "allowed"),
                    label("reason", "verified"))
                .orElse(0.0)
            >= 4,
        "webhook metrics: fewer than 4 verified /validate answers");
  }

  private void show(String metrics, String name) {
    List<String> lines = Metrics.lines(metrics, name);
    checks.that(!lines.isEmpty(), "metric " + name + " missing");
    lines.forEach(l -> out.println("  " + l));
  }

  private void section(String n, String title) {
    out.println();
    out.println("== " + n + ". " + title);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The runner at {@code path}; fails with what to do when it is missing. */
  private static Path runner(Path path) {
    Path runner = path.toAbsolutePath().normalize();
    if (!java.nio.file.Files.isRegularFile(runner)) {
      throw new DemoFailure(
          runner + " does not exist: build first (mvn -B -ntp -DskipTests package)");
    }
    return runner;
  }
}
