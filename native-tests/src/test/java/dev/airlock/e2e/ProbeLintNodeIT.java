package dev.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.AppProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged probe agent's {@code lint-node --root DIR} on small node root filesystems: exit 0
 * without errors, 1 with an error, findings on stdout.
 */
class ProbeLintNodeIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final String CONFIG = "etc/containerd/config.toml";

  @TempDir Path root;
  @TempDir Path work;

  @Test
  void lintNode_nodeUsingCertsD_printsSummaryAndExits0() throws Exception {
    write(
        CONFIG,
        "version = 3\n"
            + "[plugins.\"io.containerd.cri.v1.images\".registry]\n"
            + "  config_path = \"/etc/containerd/certs.d\"\n");
    Files.createDirectories(root.resolve("etc/containerd/certs.d"));

    try (AppProcess lint = lintNode()) {
      assertThat(lint.waitFor(LIMIT)).as(lint.describe()).isEqualTo(0);
      assertThat(lint.stdoutLines()).containsExactly("0 errors, 0 warnings; hosts checked: none");
    }
  }

  @Test
  void lintNode_configPathUnset_reportsTheErrorAndExits1() throws Exception {
    write(CONFIG, "version = 2\n");

    try (AppProcess lint = lintNode("--output", "json")) {
      assertThat(lint.waitFor(LIMIT)).as(lint.describe()).isEqualTo(1);
      assertThat(lint.stdoutLines())
          .containsExactly(
              "{\"errors\":1,\"warnings\":0,\"hosts\":[],\"findings\":[{\"severity\":\"error\","
                  + "\"check\":\"config_path\",\"file\":\"/etc/containerd/config.toml\","
                  + "\"message\":\"config_path is not set in"
                  + " [plugins.\\\"io.containerd.grpc.v1.cri\\\".registry] (config version 2):"
                  + " containerd ignores certs.d/hosts.toml\"}]}");
    }
  }

  @Test
  void lintNode_rootThatIsNoDirectory_isAUsageErrorExit1() throws Exception {
    Path missing = root.resolve("absent");

    try (AppProcess lint =
        PackagedApp.start(
            PackagedApp.runner(PackagedApp.PROBE),
            List.of("lint-node", "--root", missing.toString()),
            Map.of(),
            work)) {
      assertThat(lint.waitFor(LIMIT)).as(lint.describe()).isEqualTo(1);
      assertThat(lint.stderr()).contains("lint-node: --root " + missing + ": not a directory");
    }
  }

  private AppProcess lintNode(String... extra) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("lint-node", "--root", root.toString()));
    args.addAll(List.of(extra));
    return PackagedApp.start(PackagedApp.runner(PackagedApp.PROBE), args, Map.of(), work);
  }

  /** A node file with mode 0600, as containerd's config is installed. */
  private void write(String nodePath, String content) throws IOException {
    Path file = root.resolve(nodePath);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }
}
