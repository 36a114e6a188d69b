package dev.airlock.oci.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One {@code hosts.toml} as containerd {@code hosts.go} {@code parseHostConfig} reads it, through
 * the public parser the probe's {@code lint-node} uses (no file-existence checks, paths under a
 * node root). Fixtures from containerd {@code docs/hosts.md} "hosts.toml Content Description".
 */
class HostsFileParserTest {
  @TempDir Path tmp;
  private Path nodeRoot;
  private CertsDir certs;

  @BeforeEach
  void setUp() {
    nodeRoot = tmp.resolve("node");
    certs = new CertsDir(nodeRoot.resolve("etc/containerd/certs.d"));
  }

  private HostsFile lintParse(String dir, String toml) throws Exception {
    return HostsFileParser.underRoot(nodeRoot).parse(certs.hostsToml(dir, toml));
  }

  // docs/hosts.md "host field(s)": the rough examples, parsed without their files existing.
  @Test
  void parse_docsHostExamples_inFileOrderWithSettings() throws Exception {
    HostsFile file =
        lintParse(
            "docker.io",
            """
            [host."https://mirror.registry"]
              capabilities = ["pull"]
              ca = "/etc/certs/mirror.pem"
              skip_verify = false
              [host."https://mirror.registry".header]
                x-custom-2 = ["value1", "value2"]

            [host."https://mirror-bak.registry/us"]
              capabilities = ["pull"]
              skip_verify = true

            [host."http://mirror.registry"]
              capabilities = ["pull"]

            [host."https://test-1.registry"]
              capabilities = ["pull", "resolve", "push"]
              ca = ["/etc/certs/test-1-ca.pem", "/etc/certs/special.pem"]
              client = [["/etc/certs/client.cert", "/etc/certs/client.key"],["/etc/certs/client.pem", ""]]

            [host."https://test-2.registry"]
              client = "/etc/certs/client.pem"

            [host."https://test-3.registry"]
              client = ["/etc/certs/client-1.pem", "/etc/certs/client-2.pem"]

            [host."https://non-compliant-mirror.registry/v2/upstream"]
              capabilities = ["pull"]
              override_path = true
            """);

    List<HostEndpoint> hosts = file.hosts();
    assertThat(hosts)
        .extracting(h -> h.origin() + h.apiPath())
        .containsExactly(
            "https://mirror.registry/v2",
            "https://mirror-bak.registry/us/v2",
            "http://mirror.registry/v2",
            "https://test-1.registry/v2",
            "https://test-2.registry/v2",
            "https://test-3.registry/v2",
            "https://non-compliant-mirror.registry/v2/upstream");
    Path certsDir = nodeRoot.resolve("etc/certs");
    assertThat(hosts.get(0).caFiles()).containsExactly(certsDir.resolve("mirror.pem"));
    assertThat(hosts.get(0).headers()).isEqualTo(Map.of("x-custom-2", List.of("value1", "value2")));
    assertThat(hosts.get(0).skipVerify()).isFalse();
    assertThat(hosts.get(1).skipVerify()).isTrue();
    assertThat(hosts.get(2).capabilities()).containsExactly(Capability.PULL);
    assertThat(hosts.get(3).caFiles())
        .containsExactly(certsDir.resolve("test-1-ca.pem"), certsDir.resolve("special.pem"));
    assertThat(hosts.get(3).clientCertificates())
        .containsExactly(
            new ClientCertificate(
                certsDir.resolve("client.cert"), Optional.of(certsDir.resolve("client.key"))),
            new ClientCertificate(certsDir.resolve("client.pem"), Optional.empty()));
    assertThat(hosts.get(4).clientCertificates())
        .containsExactly(new ClientCertificate(certsDir.resolve("client.pem"), Optional.empty()));
    assertThat(hosts.get(5).clientCertificates())
        .containsExactly(
            new ClientCertificate(certsDir.resolve("client-1.pem"), Optional.empty()),
            new ClientCertificate(certsDir.resolve("client-2.pem"), Optional.empty()));
    assertThat(hosts.get(6).overridePath()).isTrue();
    assertThat(file.server()).isEmpty();
  }

  @Test
  void parse_relativeCaUnderRoot_resolvesAgainstHostDirectory() throws Exception {
    HostsFile file = lintParse("docker.io", "server = \"https://m\"\nca = \"docker-mirror.crt\"\n");

    assertThat(file.server().orElseThrow().caFiles())
        .containsExactly(nodeRoot.resolve("etc/containerd/certs.d/docker.io/docker-mirror.crt"));
  }

  @Test
  void parse_containerdResolver_absolutePathKept() throws Exception {
    Path ca = certs.file("docker.io/ca.pem", "pem");
    HostsFile file =
        HostsFileParser.containerd()
            .parse(certs.hostsToml("docker.io", "server = \"https://m\"\nca = \"" + ca + "\"\n"));

    assertThat(file.server().orElseThrow().caFiles()).containsExactly(ca);
  }

  // docs/hosts.md "Simple (default) Host Config for Docker".
  @Test
  void parse_dockerIoServerNamingUpstream_reported() throws Exception {
    HostsFile file =
        lintParse(
            "docker.io",
            """
            server = "https://docker.io"

            [host."https://registry-1.docker.io"]
              capabilities = ["pull", "resolve"]
            """);

    assertThat(file.namespace()).contains("docker.io");
    assertThat(file.serverNamesUpstream()).isTrue();
    assertThat(file.endpointsAsWritten())
        .extracting(HostEndpoint::authority)
        .containsExactly("registry-1.docker.io", "docker.io");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          docker.io         | https://registry-1.docker.io | true
          docker.io         | https://index.docker.io      | true
          docker.io         | https://registry.internal    | false
          127.0.0.1_5443_   | https://127.0.0.1:5443       | true
          127.0.0.1:5443    | 127.0.0.1:5443               | true
          127.0.0.1_5443_   | https://127.0.0.1            | false
          _default          | https://registry.internal    | false
          """)
  void serverNamesUpstream_comparesWithDirectoryNamespace(
      String dir, String server, boolean upstream) throws Exception {
    assertThat(lintParse(dir, "server = \"" + server + "\"\n").serverNamesUpstream())
        .isEqualTo(upstream);
  }

  @Test
  void namespace_defaultDirectory_empty_portDirectory_hostColonPort() throws Exception {
    assertThat(lintParse("_default", "").namespace()).isEmpty();
    assertThat(lintParse("127.0.0.1_5443_", "").namespace()).contains("127.0.0.1:5443");
  }

  // hosts.go parseHostConfig: capabilities absent or empty = all three; names case-insensitive.
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                                   | PULL,RESOLVE,PUSH
          capabilities = []                    | PULL,RESOLVE,PUSH
          capabilities = ["PULL", "Resolve"]   | PULL,RESOLVE
          capabilities = ["push"]              | PUSH
          """)
  void parse_capabilities(String line, String expected) throws Exception {
    HostsFile file = lintParse("docker.io", "[host.\"https://m\"]\n" + line + "\n");

    assertThat(file.hosts().get(0).capabilities())
        .isEqualTo(
            Set.copyOf(
                java.util.Arrays.stream(expected.split(",")).map(Capability::valueOf).toList()));
  }

  // hosts.go parseHostConfig: https:// added when the value does not start with http; the path
  // cleaned and /v2 appended unless it ends in /v2 or override_path is set; then the resolver's
  // path.Join("/", path, repository, ...).
  @ParameterizedTest(name = "{0} override={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          https://m                  | false | https://m/v2/library/redis/manifests/7
          https://m/                 | false | https://m/v2/library/redis/manifests/7
          https://m/v2               | false | https://m/v2/library/redis/manifests/7
          https://m/v2/              | false | https://m/v2/library/redis/manifests/7
          https://m/sub              | false | https://m/sub/v2/library/redis/manifests/7
          https://m/sub/./x/../      | false | https://m/sub/v2/library/redis/manifests/7
          https://m/v2/hub           | false | https://m/v2/hub/v2/library/redis/manifests/7
          https://m/v2/hub           | true  | https://m/v2/hub/library/redis/manifests/7
          https://m/hub              | true  | https://m/hub/library/redis/manifests/7
          https://m                  | true  | https://m/library/redis/manifests/7
          http://m:5000              | false | http://m:5000/v2/library/redis/manifests/7
          m:5000                     | false | https://m:5000/v2/library/redis/manifests/7
          https://[::1]:5000         | false | https://[::1]:5000/v2/library/redis/manifests/7
          """)
  void parse_hostUrl_requestPath(String url, boolean override, String expected) throws Exception {
    HostsFile file =
        lintParse("quay.io", "[host.\"" + url + "\"]\noverride_path = " + override + "\n");

    MirrorEndpoint endpoint = new MirrorEndpoint(file.hosts().get(0), "library/redis", null);

    assertThat(endpoint.manifestUrl("7")).hasToString(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1s,PT1S",
    "500ms,PT0.5S",
    "1m30s,PT1M30S",
    "1.5h,PT1H30M",
    "0,PT0S",
    "2us,PT0.000002S"
  })
  void parse_dialTimeout_goDuration(String text, Duration expected) throws Exception {
    HostsFile file =
        lintParse("docker.io", "[host.\"https://m\"]\ndial_timeout = \"" + text + "\"\n");

    assertThat(file.hosts().get(0).dialTimeout()).contains(expected);
  }

  // docs/hosts.md "header fields": a string or a list of strings.
  @Test
  void parse_rootHeaders_applyToServer() throws Exception {
    HostsFile file =
        lintParse(
            "docker.io",
            """
            server = "https://m"
            [header]
              x-custom-1 = "custom header"
              x-custom-1-2 = ["a", "b"]
            """);

    assertThat(file.server().orElseThrow().headers())
        .isEqualTo(
            Map.of("x-custom-1", List.of("custom header"), "x-custom-1-2", List.of("a", "b")));
  }

  // containerd issue #10027: 1.6.x rejects a file without a host table; an empty [host] is fine.
  @Test
  void hasHostTable_serverOnlyFile_false_emptyHostTable_true() throws Exception {
    assertThat(lintParse("quay.io", "server = \"https://m\"\n").hasHostTable()).isFalse();
    assertThat(lintParse("ghcr.io", "server = \"https://m\"\n[host]\n").hasHostTable()).isTrue();
  }

  @Test
  void parse_serverEmptyString_treatedAsAbsent() throws Exception {
    assertThat(lintParse("docker.io", "server = \"\"\n").server()).isEmpty();
  }

  @Test
  void implicitServer_dockerIo_registryOneWithRootTlsSettings() throws Exception {
    HostsFile file = lintParse("docker.io", "ca = \"/etc/ca.pem\"\ncapabilities = [\"pull\"]\n");

    HostEndpoint implicit = file.implicitServer("docker.io");

    assertThat(implicit.origin()).hasToString("https://registry-1.docker.io");
    assertThat(implicit.apiPath()).isEqualTo("/v2");
    assertThat(implicit.caFiles()).containsExactly(nodeRoot.resolve("etc/ca.pem"));
    assertThat(implicit.capabilities())
        .isEqualTo(Set.of(Capability.PULL, Capability.RESOLVE, Capability.PUSH));
  }
}
