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

class ContainerdConfigLintTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final String CONFIG = "/etc/containerd/config.toml";

  @TempDir Path dir;
  NodeTree node;
  final NodeLinter linter = new NodeLinter(Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeEach
  void setUp() {
    node = new NodeTree(dir);
  }

  LintReport lint() {
    return linter.lint(dir, Set.of());
  }

  @Test
  void lint_configMissing_reportsConfigPathError() {
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(LintCheck.CONFIG_PATH, CONFIG, "containerd config not found"));
  }

  @Test
  void lint_v2ConfigWithoutConfigPath_reportsError() throws Exception {
    node.file(CONFIG, "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CONFIG_PATH,
                CONFIG,
                "config_path is not set in [plugins.\"io.containerd.grpc.v1.cri\".registry]"
                    + " (config version 2): containerd ignores certs.d/hosts.toml"));
  }

  @Test
  void lint_v3ConfigWithConfigPathInV2Table_reportsError() throws Exception {
    node.file(CONFIG, NodeTree.V2_CONFIG.replace("version = 2", "version = 3"))
        .dir("/etc/containerd/certs.d");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CONFIG_PATH,
                CONFIG,
                "config_path is not set in [plugins.\"io.containerd.cri.v1.images\".registry]"
                    + " (config version 3): containerd ignores certs.d/hosts.toml"));
  }

  @Test
  void lint_unsupportedVersion_reportsError() throws Exception {
    node.file(CONFIG, "version = 9\n");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CONFIG_PATH, CONFIG, "unsupported containerd config version 9"));
  }

  @Test
  void lint_invalidToml_reportsError() throws Exception {
    node.file(CONFIG, "version = \n");
    assertThat(lint().findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo(LintCheck.CONFIG_PATH);
              assertThat(f.message()).startsWith("not valid TOML: ");
            });
  }

  @Test
  void lint_configPathDirectoryMissing_reportsError() throws Exception {
    node.file(CONFIG, NodeTree.V2_CONFIG);
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CONFIG_PATH,
                CONFIG,
                "config_path directory /etc/containerd/certs.d not found"));
  }

  @Test
  void lint_v1ConfigWithConfigPath_isClean() throws Exception {
    node.file(CONFIG, "[plugins.cri.registry]\nconfig_path = \"/etc/containerd/certs.d\"\n")
        .dir("/etc/containerd/certs.d");
    assertThat(lint().findings()).isEmpty();
  }

  @Test
  void lint_mirrorsBesideConfigPath_reportsError() throws Exception {
    node.file(
            CONFIG,
            NodeTree.V2_CONFIG
                + "[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"docker.io\"]\n"
                + "  endpoint = [\"https://registry.internal\"]\n")
        .dir("/etc/containerd/certs.d");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CONFIG_PATH,
                CONFIG,
                "[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors] is set:"
                    + " containerd refuses it with config_path"));
  }

  static final String WITH_TOKEN =
      NodeTree.V3_CONFIG
          + "[plugins.\"io.containerd.cri.v1.images\".registry.configs.\"registry.internal\".auth]\n"
          + "  username = \"puller\"\n"
          + "  password = \"s3cr3t-token\"\n";

  @Test
  void lint_credentialsInPrivateRootFile_isClean() throws Exception {
    node.file(CONFIG, WITH_TOKEN).dir("/etc/containerd/certs.d");
    assertThat(lint().findings()).isEmpty();
  }

  @Test
  void lint_credentialsInWorldReadableFile_reportsErrorWithoutSecret() throws Exception {
    node.file(CONFIG, WITH_TOKEN).mode(CONFIG, "rw-r--r--").dir("/etc/containerd/certs.d");
    LintReport report = lint();
    assertThat(report.findings())
        .containsExactly(
            Finding.error(
                LintCheck.CREDENTIALS_FILE,
                CONFIG,
                "holds registry credentials (configs.\"registry.internal\".auth) but has mode"
                    + " 0644; must be 0600"));
    assertThat(report.toString()).doesNotContain("s3cr3t-token").doesNotContain("puller");
  }

  @Test
  void lint_credentialsInFileOwnedByUser_reportsError() throws Exception {
    node.file(CONFIG, WITH_TOKEN).owner(CONFIG, 1000).dir("/etc/containerd/certs.d");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CREDENTIALS_FILE,
                CONFIG,
                "holds registry credentials (configs.\"registry.internal\".auth) but is owned by"
                    + " uid 1000; must be owned by root"));
  }

  @Test
  void lint_legacyAuthsInGroupReadableFile_reportsError() throws Exception {
    node.file(
            CONFIG,
            NodeTree.V2_CONFIG
                + "[plugins.\"io.containerd.grpc.v1.cri\".registry.auths.\"https://gcr.io\"]\n"
                + "  auth = \"dXNlcjpwYXNz\"\n")
        .mode(CONFIG, "rw-r-----")
        .dir("/etc/containerd/certs.d");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CREDENTIALS_FILE,
                CONFIG,
                "holds registry credentials (auths.\"https://gcr.io\") but has mode 0640;"
                    + " must be 0600"));
  }

  @Test
  void lint_emptyAuthTable_isNotACredential() throws Exception {
    node.file(
            CONFIG,
            NodeTree.V2_CONFIG
                + "[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"r.internal\".auth]\n"
                + "  username = \"\"\n")
        .mode(CONFIG, "rw-r--r--")
        .dir("/etc/containerd/certs.d");
    assertThat(lint().findings()).isEmpty();
  }

  @Test
  void lint_insecureSkipVerifyInConfig_reportsError() throws Exception {
    node.file(
            CONFIG,
            NodeTree.V2_CONFIG
                + "[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"r.internal\".tls]\n"
                + "  insecure_skip_verify = true\n")
        .dir("/etc/containerd/certs.d");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.SKIP_VERIFY,
                CONFIG,
                "configs.\"r.internal\".tls.insecure_skip_verify = true disables TLS verification"
                    + " for r.internal"));
  }

  static String tlsCa(String path) {
    return NodeTree.V2_CONFIG
        + "[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"r.internal\".tls]\n"
        + "  ca_file = \""
        + path
        + "\"\n";
  }

  @Test
  void lint_caFileMissing_reportsError() throws Exception {
    node.file(CONFIG, tlsCa("/etc/pki/r.pem")).dir("/etc/containerd/certs.d");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(LintCheck.CA_FILE, CONFIG, "CA file /etc/pki/r.pem not found"));
  }

  @Test
  void lint_caFileNotPem_reportsError() throws Exception {
    node.file(CONFIG, tlsCa("/etc/pki/r.pem"))
        .file("/etc/pki/r.pem", "not a certificate\n")
        .dir("/etc/containerd/certs.d");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CA_FILE, CONFIG, "CA file /etc/pki/r.pem is not a PEM certificate file"));
  }

  @Test
  void lint_caExpiringWithin30Days_warns() throws Exception {
    node.file(CONFIG, tlsCa("/etc/pki/r.pem"))
        .ca("/etc/pki/r.pem", "Mirror CA", NOW.plus(12, ChronoUnit.DAYS))
        .dir("/etc/containerd/certs.d");
    LintReport report = lint();
    assertThat(report.findings())
        .containsExactly(
            Finding.warning(
                LintCheck.CA_FILE,
                CONFIG,
                "CA certificate \"CN=Mirror CA\" in /etc/pki/r.pem expires on 2026-06-13 (in 12"
                    + " days)"));
    assertThat(report.hasErrors()).isFalse();
  }

  @Test
  void lint_caExpired_reportsError() throws Exception {
    node.file(CONFIG, tlsCa("/etc/pki/r.pem"))
        .ca("/etc/pki/r.pem", "Old CA", NOW.minus(2, ChronoUnit.DAYS))
        .dir("/etc/containerd/certs.d");
    assertThat(lint().findings())
        .containsExactly(
            Finding.error(
                LintCheck.CA_FILE,
                CONFIG,
                "CA certificate \"CN=Old CA\" in /etc/pki/r.pem expired on 2026-05-30"));
  }

  @Test
  void lint_caValidBeyond30Days_isClean() throws Exception {
    node.file(CONFIG, tlsCa("/etc/pki/r.pem"))
        .ca("/etc/pki/r.pem", "Mirror CA", NOW.plus(31, ChronoUnit.DAYS))
        .dir("/etc/containerd/certs.d");
    assertThat(lint().findings()).isEmpty();
  }
}
