package dev.airlock.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.probe.testing.Blackhole;
import dev.airlock.probe.testing.Loopback;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class EgressCommandTest {

  @Test
  void egress_closedLoopbackPort_isBlockedRefusedAndExitsZero(QuarkusMainLauncher launcher)
      throws Exception {
    String target = "https://127.0.0.1:" + Loopback.closedPort();

    LaunchResult result = launcher.launch("egress", "--target", target, "--timeout", "3s");

    assertThat(result.getOutputStream()).containsExactly(target + " blocked (refused)");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void egress_invalidName_isBlockedNxdomain(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("egress", "--target", "https://something.invalid");

    assertThat(result.getOutputStream())
        .containsExactly("https://something.invalid blocked (dns: nxdomain)");
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
    String closed = "https://127.0.0.1:" + Loopback.closedPort();

    LaunchResult result =
        launcher.launch(
            "egress", "--target", "https://something.invalid", "--target", closed + "/");

    assertThat(result.getOutputStream())
        .containsExactly(
            "https://something.invalid blocked (dns: nxdomain)", closed + "/ blocked (refused)");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void egress_jsonOutput_hasOneObjectPerTarget(QuarkusMainLauncher launcher) throws Exception {
    String target = "https://127.0.0.1:" + Loopback.closedPort();

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
            "egress", "--target", "https://something.invalid", "--ca-file", "/nonexistent/ca.pem");

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
