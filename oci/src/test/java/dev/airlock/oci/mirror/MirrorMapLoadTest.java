package dev.airlock.oci.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files airlock refuses at start-up (containerd logs these and falls back; style.md: a security
 * control refuses to start instead). Every message names the file and the problem.
 */
class MirrorMapLoadTest {
  @TempDir Path tmp;
  private CertsDir certs;

  @BeforeEach
  void setUp() {
    certs = new CertsDir(tmp);
  }

  private void assertLoadFails(Path file, String problem) {
    assertThatThrownBy(certs::load)
        .isInstanceOfSatisfying(
            HostsConfigException.class, e -> assertThat(e.file()).isEqualTo(file))
        .hasMessage(file + ": " + problem);
  }

  @Test
  void load_tomlThatDoesNotParse_fails() {
    Path file = certs.hostsToml("docker.io", "server = \n");

    assertLoadFails(file, "invalid TOML at line 1, column 10: Newline not permitted here");
  }

  @Test
  void load_duplicateHostTable_fails() {
    Path file = certs.hostsToml("docker.io", "[host.\"https://m\"]\n[host.\"https://m\"]\n");

    assertLoadFails(file, "invalid TOML at line 2, column 18: Table redefined");
  }

  @Test
  void load_unknownTopLevelKey_fails() {
    Path file = certs.hostsToml("docker.io", "server = \"https://m\"\nmirrors = [\"https://x\"]\n");

    assertLoadFails(file, "unknown key \"mirrors\"");
  }

  @Test
  void load_unknownKeyInHostTable_fails() {
    Path file = certs.hostsToml("docker.io", "[host.\"https://m\"]\n  capabilites = [\"pull\"]\n");

    assertLoadFails(file, "host.\"https://m\": unknown key \"capabilites\"");
  }

  // docs/hosts.md 2.x "proxy field" is not a key of containerd 1.6/1.7.
  @Test
  void load_proxyKey_failsAsUnknown() {
    Path file =
        certs.hostsToml(
            "my-registry.io",
            "server = \"https://my-registry.io\"\nproxy = \"http://my-proxy:8080\"\n");

    assertLoadFails(file, "unknown key \"proxy\"");
  }

  // docs/hosts.md recursion note: a host table inside a host table is not supported.
  @Test
  void load_nestedHostTable_failsAsUnknownKey() {
    Path file =
        certs.hostsToml(
            "docker.io",
            """
            [host."http://mirror.registry"]
              capabilities = ["pull"]
              [host."http://mirror.registry".host."http://double-mirror.registry"]
                capabilities = ["pull"]
            """);

    assertLoadFails(file, "host.\"http://mirror.registry\": unknown key \"host\"");
  }

  @Test
  void load_unknownCapability_fails() {
    Path file =
        certs.hostsToml(
            "docker.io", "[host.\"https://m\"]\n  capabilities = [\"pull\", \"fetch\"]\n");

    assertLoadFails(file, "host.\"https://m\".capabilities: unknown capability \"fetch\"");
  }

  /**
   * A header value with a line break passed the load and then failed every request with an error
   * that quoted the value (often a credential) into every denial.
   */
  @Test
  void load_headerValueWithLineBreak_failsWithoutShowingTheValue() {
    Path file =
        certs.hostsToml(
            "docker.io",
            "[host.\"https://m\"]\n  [host.\"https://m\".header]\n"
                + "    Authorization = \"Basic c2VjcmV0OnNlY3JldA==\\n\"\n");

    assertLoadFails(
        file,
        "host.\"https://m\".header.\"Authorization\": value holds a control character (a line"
            + " break?)");
  }

  @Test
  void load_headerNameNotAToken_fails() {
    Path file =
        certs.hostsToml(
            "docker.io",
            "[host.\"https://m\"]\n  [host.\"https://m\".header]\n    \"X Y\" = \"v\"\n");

    assertLoadFails(file, "host.\"https://m\".header.\"X Y\": is not a valid HTTP header name");
  }

  @Test
  void load_headerTheHttpClientManages_fails() {
    Path file =
        certs.hostsToml(
            "docker.io", "[host.\"https://m\"]\n  [host.\"https://m\".header]\n    Host = \"x\"\n");

    assertLoadFails(
        file,
        "host.\"https://m\".header.\"Host\": cannot be set: the HTTP client manages this header");
  }

  @Test
  void load_unknownCapabilityAtRoot_fails() {
    Path file =
        certs.hostsToml("docker.io", "server = \"https://m\"\ncapabilities = [\"mirror\"]\n");

    assertLoadFails(file, "capabilities: unknown capability \"mirror\"");
  }

  @Test
  void load_missingCaFile_fails() {
    Path file =
        certs.hostsToml("docker.io", "[host.\"https://m\"]\n  ca = \"docker-mirror.crt\"\n");

    assertLoadFails(
        file,
        "host.\"https://m\".ca: file "
            + tmp.resolve("docker.io/docker-mirror.crt")
            + " does not exist");
  }

  @Test
  void load_missingCaFileInList_fails() {
    certs.file("docker.io/one.pem", "pem");
    Path file =
        certs.hostsToml(
            "docker.io", "server = \"https://m\"\nca = [\"one.pem\", \"/nonexistent/two.pem\"]\n");

    assertLoadFails(file, "ca: file /nonexistent/two.pem does not exist");
  }

  @Test
  void load_missingClientKeyFile_fails() {
    certs.file("docker.io/client.cert", "pem");
    Path file =
        certs.hostsToml(
            "docker.io", "[host.\"https://m\"]\n  client = [[\"client.cert\", \"client.key\"]]\n");

    assertLoadFails(
        file,
        "host.\"https://m\".client: file "
            + tmp.resolve("docker.io/client.key")
            + " does not exist");
  }

  @Test
  void load_missingClientCertFile_fails() {
    Path file = certs.hostsToml("docker.io", "[host.\"https://m\"]\n  client = \"client.pem\"\n");

    assertLoadFails(
        file,
        "host.\"https://m\".client: file "
            + tmp.resolve("docker.io/client.pem")
            + " does not exist");
  }

  @Test
  void load_hostUrlNotHttp_fails() {
    Path file = certs.hostsToml("docker.io", "[host.\"ftp://m\"]\n");

    assertLoadFails(file, "host.\"ftp://m\": not an http or https URL");
  }

  @Test
  void load_serverNotHttp_fails() {
    Path file = certs.hostsToml("docker.io", "server = \"httpx://m\"\n");

    assertLoadFails(file, "server: \"httpx://m\" is not an http or https URL");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          skip_verify = "yes"              | host."https://m".skip_verify: must be true or false
          override_path = 1                | host."https://m".override_path: must be true or false
          ca = 1                           | host."https://m".ca: must be a path or a list of paths
          ca = [1]                         | host."https://m".ca: must be a path or a list of paths
          ca = ""                          | host."https://m".ca: empty path
          client = [["a", "b", "c"]]       | host."https://m".client: must be a path, a list of paths or a list of [cert, key] pairs
          client = 7                       | host."https://m".client: must be a path, a list of paths or a list of [cert, key] pairs
          capabilities = "pull"            | host."https://m".capabilities: must be a list of strings
          dial_timeout = "fast"            | host."https://m".dial_timeout: "fast" is not a duration such as "1s"
          dial_timeout = "-1s"             | host."https://m".dial_timeout: "-1s" is not a duration such as "1s"
          dial_timeout = 5                 | host."https://m".dial_timeout: must be a duration string such as "1s"
          header = "x"                     | host."https://m".header: must be a table
          header = { x-custom = 1 }        | host."https://m".header."x-custom": must be a string or a list of strings
          """)
  void load_valueOfWrongType_fails(String line, String problem) {
    Path file = certs.hostsToml("docker.io", "[host.\"https://m\"]\n  " + line + "\n");

    assertLoadFails(file, problem);
  }

  @Test
  void load_serverNotString_fails() {
    Path file = certs.hostsToml("docker.io", "server = 5\n");

    assertLoadFails(file, "server: must be a string");
  }

  @Test
  void load_hostNotTable_fails() {
    Path file = certs.hostsToml("docker.io", "host = \"https://m\"\n");

    assertLoadFails(file, "host: must be a table of [host.\"<url>\"] tables");
  }

  @Test
  void load_brokenFileForUnusedRegistry_stillFailsEagerly() {
    certs.hostsToml("docker.io", "[host.\"https://registry.internal\"]\n");
    Path broken = certs.hostsToml("never-pulled.example", "[host.\"https://m\"\n");

    assertThatThrownBy(certs::load)
        .isInstanceOfSatisfying(
            HostsConfigException.class, e -> assertThat(e.file()).isEqualTo(broken));
  }

  @Test
  void load_hostsDirMissing_fails() {
    Path missing = tmp.resolve("nope");

    assertThatThrownBy(() -> MirrorMap.load(missing))
        .isInstanceOf(HostsConfigException.class)
        .hasMessage(missing + ": not a directory");
  }
}
