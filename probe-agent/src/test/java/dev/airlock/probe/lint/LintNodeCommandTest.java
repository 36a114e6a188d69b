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
  void lintNode_requiredHostWithoutHostsToml_exitsOneAndListsHosts(QuarkusMainLauncher launcher)
      throws Exception {
    new NodeTree(dir)
        .file(CONFIG, NodeTree.V3_CONFIG)
        .file(
            "/etc/containerd/certs.d/docker.io/hosts.toml",
            "[host.\"https://registry.internal\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    LaunchResult result =
        launcher.launch(
            "lint-node", "--root", dir.toString(), "--require", "index.docker.io,quay.io");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getOutputStream())
        .containsExactly(
            "SEVERITY  CHECK              FILE                                          MESSAGE",
            "error     hosts_file         /etc/containerd/certs.d/quay.io/hosts.toml    no hosts.toml:"
                + " quay.io is pulled from its public registry",
            "warning   upstream_fallback  /etc/containerd/certs.d/docker.io/hosts.toml  no server:"
                + " containerd adds https://registry-1.docker.io after the mirrors; docker.io falls"
                + " back to it when the mirror fails",
            "1 error, 1 warning; hosts checked: docker.io, quay.io");
  }

  @Test
  void lintNode_requireNotAHost_exitsOne(QuarkusMainLauncher launcher) throws Exception {
    new NodeTree(dir).file(CONFIG, NodeTree.V3_CONFIG);
    LaunchResult result =
        launcher.launch("lint-node", "--root", dir.toString(), "--require", "redis");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput()).contains("lint-node: --require redis: not a registry host");
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
