package dev.airlock.probe.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsLintTest {
  static final Instant NOW = ContainerdConfigLintTest.NOW;
  static final String CONFIG = "/etc/containerd/config.toml";
  static final String CERTS = "/etc/containerd/certs.d";
  static final String DOCKER = CERTS + "/docker.io/hosts.toml";
  static final String MIRROR = CERTS + "/registry.internal/hosts.toml";
  static final String MIRROR_CA = CERTS + "/registry.internal/ca.crt";

  /** docker.io through registry.internal only, with the mirror's CA; no upstream fallback. */
  static final String DOCKER_GOOD =
      """
      server = "https://registry.internal/v2/dockerhub"
      override_path = true
      ca = "/etc/containerd/certs.d/registry.internal/ca.crt"

      [host."https://registry.internal/v2/dockerhub"]
        capabilities = ["pull", "resolve"]
        override_path = true
        ca = "/etc/containerd/certs.d/registry.internal/ca.crt"
      """;

  static final String MIRROR_OWN =
      """
      server = "https://registry.internal"
      ca = "ca.crt"

      [host."https://registry.internal"]
        ca = "ca.crt"
      """;

  @TempDir Path dir;
  NodeTree node;
  final NodeLinter linter = new NodeLinter(Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeEach
  void setUp() throws Exception {
    node = new NodeTree(dir);
    node.file(CONFIG, NodeTree.V2_CONFIG)
        .file(MIRROR, MIRROR_OWN)
        .ca(MIRROR_CA, "Mirror CA", NOW.plus(365, ChronoUnit.DAYS));
  }

  void deleteMirrorDirectory() throws Exception {
    java.nio.file.Files.delete(node.path(MIRROR_CA));
    java.nio.file.Files.delete(node.path(MIRROR));
    java.nio.file.Files.delete(node.path(MIRROR).getParent());
  }

  LintReport lint(String... required) {
    return linter.lint(dir, Set.of(required));
  }

  @Test
  void lint_goodV2Node_isClean() throws Exception {
    node.file(DOCKER, DOCKER_GOOD);
    LintReport report = lint();
    assertThat(report.findings()).isEmpty();
    assertThat(report.hosts()).containsExactly("docker.io");
  }

  @Test
  void lint_goodV3Node_isClean() throws Exception {
    node.file(CONFIG, NodeTree.V3_CONFIG).file(DOCKER, DOCKER_GOOD);
    LintReport report = lint("docker.io");
    assertThat(report.findings()).isEmpty();
    assertThat(report.hosts()).containsExactly("docker.io");
  }

  @Test
  void lint_skipVerifyOnHost_reportsError() throws Exception {
    node.file(
        DOCKER, DOCKER_GOOD.replace("capabilities =", "skip_verify = true\n  capabilities ="));
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.SKIP_VERIFY,
                DOCKER,
                "[host.\"https://registry.internal/v2/dockerhub\"] sets skip_verify = true: TLS is"
                    + " not verified"));
  }

  @Test
  void lint_skipVerifyOnServer_reportsError() throws Exception {
    node.file(DOCKER, DOCKER_GOOD)
        .file(MIRROR, "skip_verify = true\n" + MIRROR_OWN.replace("ca = \"ca.crt\"\n\n", "\n"));
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.SKIP_VERIFY,
                MIRROR,
                "server \"https://registry.internal\" sets skip_verify = true: TLS is not"
                    + " verified"));
  }

  @Test
  void lint_caMissing_reportsError() throws Exception {
    node.file(
        DOCKER, DOCKER_GOOD.replace("registry.internal/ca.crt", "registry.internal/gone.crt"));
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CA_FILE,
                DOCKER,
                "CA file /etc/containerd/certs.d/registry.internal/gone.crt not found"));
  }

  @Test
  void lint_caExpiringWithin30Days_warnsForEveryFileNamingIt() throws Exception {
    node.file(DOCKER, DOCKER_GOOD).ca(MIRROR_CA, "Mirror CA", NOW.plus(3, ChronoUnit.DAYS));
    String message =
        "CA certificate \"CN=Mirror CA\" in " + MIRROR_CA + " expires on 2026-06-04 (in 3 days)";
    LintReport report = lint();
    assertThat(report.findings())
        .containsExactly(
            Finding.warning(LintCheck.CA_FILE, DOCKER, message),
            Finding.warning(LintCheck.CA_FILE, MIRROR, message));
    assertThat(report.hasErrors()).isFalse();
  }

  @Test
  void lint_caExpired_reportsError() throws Exception {
    node.file(DOCKER, DOCKER_GOOD).ca(MIRROR_CA, "Mirror CA", NOW.minus(1, ChronoUnit.HOURS));
    String message = "CA certificate \"CN=Mirror CA\" in " + MIRROR_CA + " expired on 2026-06-01";
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(LintCheck.CA_FILE, DOCKER, message),
            Finding.error(LintCheck.CA_FILE, MIRROR, message));
  }

  @Test
  void lint_requiredHostWithoutHostsToml_reportsError() throws Exception {
    node.file(DOCKER, DOCKER_GOOD);
    LintReport report = lint("quay.io");
    assertThat(report.findings())
        .containsExactly(
            Finding.error(
                LintCheck.HOSTS_FILE,
                CERTS + "/quay.io/hosts.toml",
                "no hosts.toml: quay.io is pulled from its public registry"));
    assertThat(report.hosts()).containsExactly("docker.io", "quay.io");
  }

  @Test
  void lint_requiredHostCoveredByDefaultDirectory_isClean() throws Exception {
    node.file(DOCKER, DOCKER_GOOD)
        .file(
            CERTS + "/_default/hosts.toml",
            "server = \"https://registry.internal\"\nca = \"" + MIRROR_CA + "\"\n[host]\n");
    LintReport report = lint("quay.io");
    assertThat(report.findings()).isEmpty();
    assertThat(report.hosts()).containsExactly("docker.io", "quay.io");
  }

  @Test
  void lint_directoryWithoutHostsToml_reportsError() throws Exception {
    node.file(DOCKER, DOCKER_GOOD)
        .ca(CERTS + "/ghcr.io/ca.crt", "x", NOW.plus(99, ChronoUnit.DAYS));
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.HOSTS_FILE,
                CERTS + "/ghcr.io/hosts.toml",
                "no hosts.toml: ghcr.io is pulled from its public registry"));
  }

  @Test
  void lint_noServer_warnsOfImplicitUpstreamFallback() throws Exception {
    node.file(DOCKER, DOCKER_GOOD.substring(DOCKER_GOOD.indexOf("[host.")));
    LintReport report = lint();
    assertThat(report.findings())
        .containsExactly(
            Finding.warning(
                LintCheck.UPSTREAM_FALLBACK,
                DOCKER,
                "no server: containerd adds https://registry-1.docker.io after the mirrors;"
                    + " docker.io falls back to it when the mirror fails"));
    assertThat(report.hasErrors()).isFalse();
  }

  @Test
  void lint_serverNamingUpstream_warns() throws Exception {
    node.file(
        DOCKER,
        "server = \"https://registry-1.docker.io\"\n"
            + DOCKER_GOOD.substring(DOCKER_GOOD.indexOf("[host.")));
    assertThat(lint().findings())
        .containsExactly(
            Finding.warning(
                LintCheck.UPSTREAM_FALLBACK,
                DOCKER,
                "server = \"https://registry-1.docker.io\" is the public registry; docker.io falls"
                    + " back to it when the mirror fails"));
  }

  @Test
  void lint_serverOnlyFileOnContainerd1_reportsError_onContainerd2_isClean() throws Exception {
    node.file(DOCKER, DOCKER_GOOD.substring(0, DOCKER_GOOD.indexOf("[host.")));
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.HOSTS_FILE,
                DOCKER,
                "has no [host] table: containerd 1.6 and 1.7 before containerd PR #10028 reject"
                    + " the file and use the registry's default host"));
    node.file(CONFIG, NodeTree.V3_CONFIG);
    assertThat(lint().findings()).isEmpty();
  }

  @Test
  void lint_onlyUpstreamServer_reportsNoMirror() throws Exception {
    deleteMirrorDirectory();
    node.file(DOCKER, "server = \"https://registry-1.docker.io\"\n[host]\n");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.HOSTS_FILE,
                DOCKER,
                "names no mirror for docker.io: it is pulled from its public registry"));
  }

  @Test
  void lint_brokenHostsToml_reportsParserError() throws Exception {
    deleteMirrorDirectory();
    node.file(DOCKER, "mirror = true\n" + DOCKER_GOOD);
    assertThat(lint().findings())
        .containsExactly(Finding.error(LintCheck.HOSTS_FILE, DOCKER, "unknown key \"mirror\""));
  }

  @Test
  void lint_authorizationHeaderInWorldReadableHostsToml_reportsErrorWithoutSecret()
      throws Exception {
    node.file(
            DOCKER,
            DOCKER_GOOD
                + "  [host.\"https://registry.internal/v2/dockerhub\".header]\n"
                + "    Authorization = \"Basic c2VjcmV0\"\n")
        .mode(DOCKER, "rw-r--r--");
    LintReport report = lint();
    assertThat(report.findings())
        .containsExactly(
            Finding.error(
                LintCheck.CREDENTIALS_FILE,
                DOCKER,
                "holds registry credentials (Authorization header of"
                    + " [host.\"https://registry.internal/v2/dockerhub\"]) but has mode 0644; must"
                    + " be 0600"));
    assertThat(report.toString()).doesNotContain("c2VjcmV0");
  }

  @Test
  void lint_portDirectory_checksHostWithPort() throws Exception {
    node.file(DOCKER, DOCKER_GOOD).file(CERTS + "/10.0.0.5_5000_/hosts.toml", "");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.HOSTS_FILE,
                CERTS + "/10.0.0.5_5000_/hosts.toml",
                "no hosts.toml: 10.0.0.5:5000 is pulled from its public registry"));
  }

  @Test
  void lint_configPathList_firstRootHoldingHostWins() throws Exception {
    node.file(
            CONFIG,
            NodeTree.V2_CONFIG.replace(
                "\"/etc/containerd/certs.d\"", "\"/etc/containerd/certs.d:/etc/extra.d\""))
        .file(DOCKER, DOCKER_GOOD)
        .file("/etc/extra.d/docker.io/hosts.toml", "server = \"https://registry-1.docker.io\"\n");
    LintReport report = lint();
    assertThat(report.findings()).isEmpty();
    assertThat(report.hosts()).containsExactly("docker.io");
  }
}
