package dev.airlock.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code scripts/demo.sh} as a newcomer would (issue 8), against the apps this build packaged
 * (the failsafe runner properties), with this test's classpath as the driver's so the script skips
 * its own build.
 */
class DemoIT {
  private static final Path ROOT =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

  @TempDir Path tmp;

  private record Run(int exitCode, String output) {}

  private Run demo(Map<String, String> env) throws IOException, InterruptedException {
    Path script = ROOT.resolve("scripts/demo.sh");
    assertThat(script).as("the demo script").isExecutable();
    Path output = tmp.resolve("demo-output.txt");
    ProcessBuilder builder =
        new ProcessBuilder("bash", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("AIRLOCK_"));
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    builder.environment().put("AIRLOCK_DEMO_CLASSPATH", classpath);
    builder.environment().put("AIRLOCK_DEMO_WEBHOOK_RUNNER", runner("airlock.webhook.runner"));
    builder.environment().put("AIRLOCK_DEMO_PROBE_RUNNER", runner("airlock.probe.runner"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          "demo did not finish within 5 minutes:\n" + Files.readString(output));
    }
    return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private static String runner(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run through mvn verify (native-tests)");
    }
    return value;
  }

  private static Set<Long> children() {
    return ProcessHandle.current()
        .descendants()
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  @Test
  void demo_packagedApps_showsDecisionsVerdictsAndMetricsAndExitsZero() throws Exception {
    Set<Long> before = children();

    Run run = demo(Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("IMAGE AS WRITTEN", "MIRROR LOCATION", "DIGEST", "DECISION", "REASON")
        .containsPattern(
            "us-docker\\.pkg\\.dev/solo-public/gloo/gloo:1\\.17\\.0 +127\\.0\\.0\\.1:\\d+/"
                + "us-docker\\.pkg\\.dev/solo-public/gloo/gloo +sha256:[0-9a-f]{12} +allowed, pinned")
        .containsPattern(
            "redis:7\\.2 +127\\.0\\.0\\.1:\\d+/docker\\.io/library/redis +sha256:[0-9a-f]{12}"
                + " +allowed, pinned")
        .containsPattern("gloo/discovery:1\\.17\\.0 .* DENIED +no signature found at the mirror")
        .containsPattern("gloo/ingress:1\\.17\\.0 .* DENIED +no signature by a trusted key")
        .containsPattern(
            "quay\\.io/prometheus/node-exporter:v1\\.8\\.2 +\\(no mirror\\) +- +DENIED +registry"
                + " quay\\.io has no mirror in the hosts directory")
        .containsPattern(
            "\"value\" : \"us-docker\\.pkg\\.dev/solo-public/gloo/gloo:1\\.17\\.0@sha256:[0-9a-f]{64}\"")
        .containsPattern("https://127\\.0\\.0\\.1:\\d+ LEAK \\(http 401\\)")
        .containsPattern("https://127\\.0\\.0\\.1:\\d+ blocked \\(refused\\)")
        .contains("exit code 2 (0: nothing reachable, 2: a leak)")
        .contains(
            "airlock_admission_reviews_total{decision=\"denied\",reason=\"unsigned\",webhook=\"mutate\"}")
        .containsPattern("airlock_mirror_up\\{mirror=\"https://127\\.0\\.0\\.1:\\d+\"} 1\\.0")
        .contains("RESULT: ok, all")
        .doesNotContain("FAIL");
    assertThat(children()).as("processes left running by the demo").isSubsetOf(before);
  }

  @Test
  void demo_webhookMissing_reportsFailureAndExitsNonZero() throws Exception {
    Run run =
        demo(Map.of("AIRLOCK_DEMO_WEBHOOK_RUNNER", tmp.resolve("no-such-runner.jar").toString()));

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains(
            tmp.resolve("no-such-runner.jar")
                + " does not exist: build first (mvn -B -ntp -DskipTests package)")
        .contains("RESULT: FAILED, 1 of 1 checks failed:");
  }
}
