package dev.airlock.probe.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.testing.FaultServer;
import dev.airlock.oci.testing.FreePorts;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.probe.ExitCodes;
import dev.airlock.probe.testing.Blackhole;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
class EgressCommandTest {

  @TempDir Path tmp;

  @Test
  void egress_httpsServerAnswering401_isLeakAndExitsTwo(QuarkusMainLauncher launcher) {
    TestPki pki = TestPki.create(tmp);
    try (FaultServer server = FaultServer.https(pki)) {
      server.on(
          "GET",
          "/v2/",
          FaultServer.respond(
              401, Map.of("WWW-Authenticate", "Basic realm=\"test\""), new byte[0]));
      String target = server.origin().toString();

      LaunchResult result =
          launcher.launch("egress", "--target", target, "--ca-file", pki.caFile().toString());

      assertThat(result.getOutputStream()).containsExactly(target + " LEAK (http 401)");
      assertThat(result.exitCode()).isEqualTo(ExitCodes.LEAK);
      assertThat(server.hits("GET", "/v2/")).isEqualTo(1);
    }
  }

  @Test
  void egress_certificateNotTrusted_isTlsLeak(QuarkusMainLauncher launcher) {
    try (FaultServer server = FaultServer.https(TestPki.create(tmp))) {
      String target = server.origin().toString();

      LaunchResult result = launcher.launch("egress", "--target", target);

      assertThat(result.getOutputStream())
          .containsExactly(target + " LEAK (tls: untrusted certificate)");
      assertThat(result.exitCode()).isEqualTo(ExitCodes.LEAK);
    }
  }

  @Test
  void egress_tcpAcceptedButSilent_isTlsLeak(QuarkusMainLauncher launcher) throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket accepted = silent.accept()) {
                  accepted.getInputStream().readAllBytes();
                } catch (Exception e) {
                  // closed by the test
                }
              });
      acceptor.start();
      String target = "https://127.0.0.1:" + silent.getLocalPort();

      LaunchResult result = launcher.launch("egress", "--target", target, "--timeout", "1s");

      assertThat(result.getOutputStream())
          .containsExactly(target + " LEAK (tls: handshake timeout)");
      assertThat(result.exitCode()).isEqualTo(ExitCodes.LEAK);
    }
  }

  @Test
  void egress_leakAmongBlocked_exitsTwo(QuarkusMainLauncher launcher) throws Exception {
    TestPki pki = TestPki.create(tmp);
    try (FaultServer server = FaultServer.https(pki)) {
      server.on("GET", "/v2/", FaultServer.respond(200, Map.of(), new byte[0]));
      String leak = server.origin().toString();
      String closed = "https://127.0.0.1:" + FreePorts.next();

      LaunchResult result =
          launcher.launch(
              "egress",
              "--target",
              closed,
              "--target",
              leak,
              "--ca-file",
              pki.caFile().toString(),
              "--output",
              "json");

      assertThat(result.exitCode()).isEqualTo(ExitCodes.LEAK);
      JsonNode json = new ObjectMapper().readTree(result.getOutput());
      assertThat(json.get("leak").asBoolean()).isTrue();
      assertThat(json.get("targets").get(0).get("result").asText()).isEqualTo("blocked (refused)");
      assertThat(json.get("targets").get(1).get("result").asText()).isEqualTo("LEAK (http 200)");
      assertThat(json.get("targets").get(1).get("outcome").asText()).isEqualTo("http");
      assertThat(json.get("targets").get(1).get("detail").asText()).isEqualTo("200");
    }
  }

  @Test
  void egress_closedLoopbackPort_isBlockedRefusedAndExitsZero(QuarkusMainLauncher launcher)
      throws Exception {
    String target = "https://127.0.0.1:" + FreePorts.next();

    LaunchResult result = launcher.launch("egress", "--target", target, "--timeout", "3s");

    assertThat(result.getOutputStream()).containsExactly(target + " blocked (refused)");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void egress_invalidName_isBlockedNxdomain(QuarkusMainLauncher launcher) {
    // Each test looks up its own name: the JDK's negative DNS cache is JVM-wide, but every launch
    // loads DnsLookup (and its last-error map) afresh, so a cached miss would lose its message.
    LaunchResult result = launcher.launch("egress", "--target", "https://one-target.invalid");

    assertThat(result.getOutputStream())
        .containsExactly("https://one-target.invalid blocked (dns: nxdomain)");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void egress_listenerThatNeverAccepts_isBlockedTimeout(QuarkusMainLauncher launcher)
      throws Exception {
    try (Blackhole blackhole = new Blackhole()) {
      String target = "https://127.0.0.1:" + blackhole.port();

      LaunchResult result = launcher.launch("egress", "--target", target, "--timeout", "1s");

      assertThat(result.getOutputStream()).containsExactly(target + " blocked (timeout)");
      assertThat(result.exitCode()).isZero();
    }
  }

  @Test
  void egress_severalTargets_oneLineEachInOrder(QuarkusMainLauncher launcher) throws Exception {
    String closed = "https://127.0.0.1:" + FreePorts.next();

    LaunchResult result =
        launcher.launch(
            "egress", "--target", "https://several-targets.invalid", "--target", closed + "/");

    assertThat(result.getOutputStream())
        .containsExactly(
            "https://several-targets.invalid blocked (dns: nxdomain)",
            closed + "/ blocked (refused)");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void egress_jsonOutput_hasOneObjectPerTarget(QuarkusMainLauncher launcher) throws Exception {
    String target = "https://127.0.0.1:" + FreePorts.next();

    LaunchResult result = launcher.launch("egress", "--target", target, "--output", "json");

    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.getOutput());
    assertThat(json.get("leak").asBoolean()).isFalse();
    assertThat(json.get("targets")).hasSize(1);
    JsonNode only = json.get("targets").get(0);
    assertThat(only.get("target").asText()).isEqualTo(target);
    assertThat(only.get("url").asText()).isEqualTo(target + "/v2/");
    assertThat(only.get("result").asText()).isEqualTo("blocked (refused)");
    assertThat(only.get("leak").asBoolean()).isFalse();
    assertThat(only.get("outcome").asText()).isEqualTo("refused");
    assertThat(only.get("proxy").isNull()).isTrue();
  }

  @Test
  void egress_unknownOption_exitsOne(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("egress", "--bogus");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput()).contains("Unknown option: '--bogus'");
  }

  @Test
  void egress_targetNotHttps_exitsOne(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("egress", "--target", "ftp://127.0.0.1");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput())
        .contains(
            "--target: invalid target \"ftp://127.0.0.1\": must be an https:// or http:// URL");
  }

  @Test
  void egress_badTimeout_exitsOne(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("egress", "--timeout", "soon");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput()).contains("invalid duration \"soon\"");
  }

  @Test
  void egress_unreadableCaFile_exitsOne(QuarkusMainLauncher launcher) {
    LaunchResult result =
        launcher.launch(
            "egress", "--target", "https://ca-file.invalid", "--ca-file", "/nonexistent/ca.pem");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput()).contains("--ca-file: /nonexistent/ca.pem");
  }

  @Test
  void noSubcommand_exitsOne(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch();

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput()).contains("Missing required subcommand");
  }
}
