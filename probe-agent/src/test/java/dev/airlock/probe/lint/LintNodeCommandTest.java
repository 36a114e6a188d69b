package dev.airlock.probe.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
class LintNodeCommandTest {
  static final String CONFIG = "/etc/containerd/config.toml";

  @TempDir Path dir;

  @Test
  void lintNode_cleanNode_printsSummaryAndExitsZero(QuarkusMainLauncher launcher) throws Exception {
    new NodeTree(dir).file(CONFIG, NodeTree.V3_CONFIG).dir("/etc/containerd/certs.d");
    LaunchResult result = launcher.launch("lint-node", "--root", dir.toString());
    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.getOutputStream())
        .containsExactly("0 errors, 0 warnings; hosts checked: none");
  }

  @Test
  void lintNode_tokenInWorldReadableConfig_printsTableAndExitsOne(QuarkusMainLauncher launcher)
      throws Exception {
    new NodeTree(dir)
        .file(CONFIG, ContainerdConfigLintTest.WITH_TOKEN)
        .mode(CONFIG, "rw-r--r--")
        .dir("/etc/containerd/certs.d");
    LaunchResult result = launcher.launch("lint-node", "--root", dir.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getOutputStream())
        .containsExactly(
            "SEVERITY  CHECK             FILE                         MESSAGE",
            "error     credentials_file  /etc/containerd/config.toml  holds registry credentials"
                + " (configs.\"registry.internal\".auth) but has mode 0644; must be 0600",
            "1 error, 0 warnings; hosts checked: none");
    assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain("s3cr3t-token");
  }

  @Test
  void lintNode_jsonOutput_listsFindings(QuarkusMainLauncher launcher) throws Exception {
    new NodeTree(dir).file(CONFIG, "version = 2\n");
    LaunchResult result =
        launcher.launch("lint-node", "--root", dir.toString(), "--output", "json");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getOutputStream())
        .containsExactly(
            "{\"errors\":1,\"warnings\":0,\"hosts\":[],\"findings\":[{\"severity\":\"error\","
                + "\"check\":\"config_path\",\"file\":\"/etc/containerd/config.toml\","
                + "\"message\":\"config_path is not set in"
                + " [plugins.\\\"io.containerd.grpc.v1.cri\\\".registry] (config version 2):"
                + " containerd ignores certs.d/hosts.toml\"}]}");
  }

  @Test
  void lintNode_rootNotADirectory_exitsOne(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("lint-node", "--root", dir.resolve("nope").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput())
        .contains("lint-node: --root " + dir.resolve("nope") + ": not a directory");
  }

  @Test
  void lintNode_missingRootOption_exitsOne(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("lint-node");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput()).contains("Missing required option: '--root=DIR'");
  }
}
