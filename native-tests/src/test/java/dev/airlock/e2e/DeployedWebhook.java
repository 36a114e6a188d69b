package dev.airlock.e2e;

import dev.airlock.oci.testing.ServedApp;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged webhook (fast-jar or native executable) configured with exactly the keys a
 * deployment sets (docs/reference.md "Webhook configuration": policy file, hosts directory, serving
 * certificate — as environment variables), started by the shared {@link ServedApp} launcher and
 * awaited until ready, with a client that trusts the serving CA as kube-apiserver does through the
 * webhook configuration's {@code caBundle}. Used by the end-to-end tests, the benches and the demo.
 */
public final class DeployedWebhook {
  private static final Duration START_LIMIT = Duration.ofSeconds(120);

  private DeployedWebhook() {}

  /** The runner of system property {@code airlock.webhook.runner}, HTTP/2 client. */
  static ServedApp start(SignedMirror mirror, Path workDir)
      throws IOException, InterruptedException {
    return start(
        PackagedApp.runner(PackagedApp.WEBHOOK),
        mirror.pki(),
        mirror.policyFile(),
        mirror.hostsDir(),
        workDir,
        Map.of(),
        HttpClient.Version.HTTP_2);
  }

  /**
   * Starts {@code runner} with {@code extraEnv} added and waits until it is ready; the client
   * speaks {@code version} (HTTP/2 multiplexes one connection; HTTP/1.1 opens one per request in
   * flight).
   */
  public static ServedApp start(
      Path runner,
      TestPki pki,
      Path policyFile,
      Path hostsDir,
      Path workDir,
      Map<String, String> extraEnv,
      HttpClient.Version version)
      throws IOException, InterruptedException {
    return start(
        runner, pki.serverCert("webhook"), pki, policyFile, hostsDir, workDir, extraEnv, version);
  }

  /** As above, serving {@code serving} (the bench gives its floor app the same certificate). */
  public static ServedApp start(
      Path runner,
      TestPki.Issued serving,
      TestPki pki,
      Path policyFile,
      Path hostsDir,
      Path workDir,
      Map<String, String> extraEnv,
      HttpClient.Version version)
      throws IOException, InterruptedException {
    return ServedApp.of("webhook", runner)
        .env(
            Map.of(
                "AIRLOCK_POLICY_FILE", policyFile.toString(),
                "AIRLOCK_MIRROR_HOSTS_DIR", hostsDir.toString()))
        .env(extraEnv)
        .serving(serving.certFile(), serving.keyFile())
        .client(pki.clientContext(), version)
        .startLimit(START_LIMIT)
        .workDir(workDir)
        .start()
        .awaitReady();
  }
}
