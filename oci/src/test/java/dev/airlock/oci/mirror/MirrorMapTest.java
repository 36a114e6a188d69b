package dev.airlock.oci.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.ref.ImageReference;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing through a certs.d directory. Each fixture names the containerd {@code docs/hosts.md}
 * section it comes from; the airlock rules are design.md "Mirror semantics".
 */
class MirrorMapTest {
  private static final String DIGEST =
      "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";

  @TempDir Path tmp;
  private CertsDir certs;

  @BeforeEach
  void setUp() {
    certs = new CertsDir(tmp);
  }

  private static ImageReference image(String written) throws Exception {
    return ImageReference.parse(written);
  }

  private MirrorRoute route(String image) throws Exception {
    return certs.load().route(image(image)).orElseThrow();
  }

  private static List<String> manifestUrls(MirrorRoute route, String reference) {
    return route.endpoints().stream().map(e -> e.manifestUrl(reference).toString()).toList();
  }

  // docs/hosts.md "override_path field" + "host field(s)"
  // (non-compliant-mirror.registry/v2/upstream);
  // design.md: the path keeps library/ and containerd adds ns=docker.io.
  @Test
  void route_dockerHubShortNameThroughOverridePathMirror_keepsLibraryAndAddsNs() throws Exception {
    Path file =
        certs.hostsToml(
            "docker.io",
            """
            server = "https://registry-1.docker.io"

            [host."https://registry.internal/v2/dockerhub"]
              capabilities = ["pull", "resolve"]
              override_path = true
            """);

    MirrorRoute route = route("redis:7");

    assertThat(route.mirrorLocation()).isEqualTo("registry.internal/dockerhub/library/redis");
    assertThat(manifestUrls(route, "7"))
        .containsExactly(
            "https://registry.internal/v2/dockerhub/library/redis/manifests/7?ns=docker.io");
    assertThat(route.namespace()).isEqualTo("docker.io");
    assertThat(route.hostsFile()).isEqualTo(file);
    assertThat(route.image()).isEqualTo(image("redis:7"));
  }

  // docs/hosts.md "Setup a Local Mirror for Docker", one plain mirror host: /v2 appended.
  @Test
  void route_plainMirrorHost_appendsV2() throws Exception {
    certs.hostsToml("docker.io", "[host.\"https://registry.internal\"]\n");

    MirrorRoute route = route("docker.io/library/redis:7");

    assertThat(route.mirrorLocation()).isEqualTo("registry.internal/library/redis");
    assertThat(manifestUrls(route, "7"))
        .containsExactly("https://registry.internal/v2/library/redis/manifests/7?ns=docker.io");
    assertThat(route.endpoints().get(0).blobUrl(dev.airlock.oci.ref.Digest.parse(DIGEST)))
        .isEqualTo(
            URI.create(
                "https://registry.internal/v2/library/redis/blobs/" + DIGEST + "?ns=docker.io"));
  }

  // docs/hosts.md "Registry Host Namespace": myregistry.io:5000 through mymirror.io resolves to
  // https://mymirror.io/v2/image_name/manifests/tag_name?ns=myregistry.io:5000.
  @Test
  void route_registryWithPort_directoryAsWritten_nsCarriesPort() throws Exception {
    certs.hostsToml("127.0.0.1:5443", "[host.\"https://registry.internal:5000\"]\n");

    MirrorRoute route = route("127.0.0.1:5443/team/app:1.0");

    assertThat(route.mirrorLocation()).isEqualTo("registry.internal:5000/team/app");
    assertThat(manifestUrls(route, "1.0"))
        .containsExactly(
            "https://registry.internal:5000/v2/team/app/manifests/1.0?ns=127.0.0.1%3A5443");
    assertThat(route.namespace()).isEqualTo("127.0.0.1:5443");
  }

  // docs/hosts.md "Port Handling in Registry Host": myregistry.io_5000_, then myregistry.io:5000,
  // then _default.
  @Test
  void route_registryWithPort_underscoreDirectoryWinsOverColonDirectory() throws Exception {
    certs.hostsToml("127.0.0.1_5443_", "[host.\"https://first.internal\"]\n");
    certs.hostsToml("127.0.0.1:5443", "[host.\"https://second.internal\"]\n");
    certs.hostsToml("_default", "[host.\"https://third.internal\"]\n");

    assertThat(route("127.0.0.1:5443/app").mirrorLocation()).isEqualTo("first.internal/app");
  }

  @Test
  void route_registryWithPort_colonDirectoryWinsOverDefault() throws Exception {
    certs.hostsToml("127.0.0.1:5443", "[host.\"https://second.internal\"]\n");
    certs.hostsToml("_default", "[host.\"https://third.internal\"]\n");

    assertThat(route("127.0.0.1:5443/app").mirrorLocation()).isEqualTo("second.internal/app");
  }

  // docs/hosts.md "Setup Default Mirror for All Registries" (the host form).
  @Test
  void route_defaultDirectory_appliesToRegistryWithoutOwnDirectory() throws Exception {
    certs.hostsToml(
        "_default",
        """
        [host."https://registry.example.com"]
          capabilities = ["pull", "resolve"]
        """);
    certs.hostsToml("docker.io", "[host.\"https://hub-mirror.internal\"]\n");

    MirrorRoute quay = route("quay.io/prometheus/node-exporter:v1.8.0");
    MirrorRoute hub = route("redis");

    assertThat(quay.mirrorLocation()).isEqualTo("registry.example.com/prometheus/node-exporter");
    assertThat(manifestUrls(quay, "v1.8.0"))
        .containsExactly(
            "https://registry.example.com/v2/prometheus/node-exporter/manifests/v1.8.0?ns=quay.io");
    assertThat(quay.hostsFile()).isEqualTo(tmp.resolve("_default/hosts.toml"));
    assertThat(hub.mirrorLocation()).isEqualTo("hub-mirror.internal/library/redis");
  }

  // docs/hosts.md "Setup Default Mirror for All Registries": "set the mirror as the server".
  @Test
  void route_serverOnlyFile_serverIsTheMirror() throws Exception {
    certs.hostsToml("_default", "server = \"https://registry.example.com\"\n");

    MirrorRoute route = route("ghcr.io/org/tool:2");

    assertThat(route.mirrorLocation()).isEqualTo("registry.example.com/org/tool");
    assertThat(manifestUrls(route, "2"))
        .containsExactly("https://registry.example.com/v2/org/tool/manifests/2?ns=ghcr.io");
  }

  // docs/hosts.md "Setup a Local Mirror for Docker": the upstream server is dropped (design.md),
  // hosts keep file order, the pull-only public mirror is not a resolver, the location comes from
  // the first resolve host; its relative ca resolves against the host directory.
  @Test
  void route_serverNamingUpstreamWithHosts_serverDroppedHostsInOrder() throws Exception {
    Path ca = certs.file("docker.io/docker-mirror.crt", "pem");
    certs.hostsToml(
        "docker.io",
        """
        server = "https://registry-1.docker.io"    # Exclude this to not use upstream

        [host."https://public-mirror.example.com"]
          capabilities = ["pull"]
        [host."https://docker-mirror.internal"]
          capabilities = ["pull", "resolve"]
          ca = "docker-mirror.crt"
        """);

    MirrorRoute route = route("redis:7");

    assertThat(manifestUrls(route, "7"))
        .containsExactly(
            "https://public-mirror.example.com/v2/library/redis/manifests/7?ns=docker.io",
            "https://docker-mirror.internal/v2/library/redis/manifests/7?ns=docker.io");
    assertThat(route.resolvers())
        .extracting(e -> e.host().authority())
        .containsExactly("docker-mirror.internal");
    assertThat(route.pullers())
        .extracting(e -> e.host().authority())
        .containsExactly("public-mirror.example.com", "docker-mirror.internal");
    assertThat(route.mirrorLocation()).isEqualTo("docker-mirror.internal/library/redis");
    assertThat(route.endpoints().get(1).host().caFiles()).containsExactly(ca);
    assertThat(route.endpoints().get(0).host().capabilities()).containsExactly(Capability.PULL);
  }

  // docs/hosts.md "server field": server = "https://docker.io" alone is the public registry.
  @Test
  void route_serverNamingUpstreamAlone_unmirrored() throws Exception {
    certs.hostsToml("docker.io", "server = \"https://docker.io\"\n");
    certs.hostsToml("quay.io", "server = \"https://quay.io\"\n");
    certs.hostsToml("127.0.0.1:5443", "server = \"127.0.0.1:5443\"\n");

    MirrorMap map = certs.load();

    assertThat(map.route(image("redis"))).isEmpty();
    assertThat(map.route(image("quay.io/a/b"))).isEmpty();
    assertThat(map.route(image("127.0.0.1:5443/a"))).isEmpty();
  }

  @Test
  void route_serverNamingRegistryOneDockerIoAlone_unmirrored() throws Exception {
    certs.hostsToml("docker.io", "server = \"https://registry-1.docker.io\"\n");

    assertThat(certs.load().route(image("redis"))).isEmpty();
  }

  // design.md: [host] entries are kept even when they name the upstream (docs/hosts.md "Simple
  // (default) Host Config for Docker"); only server is dropped.
  @Test
  void route_simpleDefaultDockerConfig_hostEntryKeptServerDropped() throws Exception {
    certs.hostsToml(
        "docker.io",
        """
        server = "https://docker.io"

        [host."https://registry-1.docker.io"]
          capabilities = ["pull", "resolve"]
        """);

    MirrorRoute route = route("redis:7");

    assertThat(manifestUrls(route, "7"))
        .containsExactly("https://registry-1.docker.io/v2/library/redis/manifests/7");
  }

  // docs/hosts.md "Setup a Local Mirror for Docker" with a private mirror as server and a host
  // tried first: both are mirrors, nothing dropped.
  @Test
  void route_hostsThenMirrorServer_serverLast() throws Exception {
    certs.hostsToml(
        "docker.io",
        """
        server = "https://registry.internal"

        [host."https://cache.internal"]
          capabilities = ["pull"]
        """);

    MirrorRoute route = route("redis:7");

    assertThat(manifestUrls(route, "7"))
        .containsExactly(
            "https://cache.internal/v2/library/redis/manifests/7?ns=docker.io",
            "https://registry.internal/v2/library/redis/manifests/7?ns=docker.io");
    assertThat(route.mirrorLocation()).isEqualTo("registry.internal/library/redis");
  }

  // design.md: an image naming the mirror directly uses the mirror's own directory (its ca).
  @Test
  void route_imageNamingMirrorDirectly_usesMirrorDirectoryAndImplicitHost() throws Exception {
    certs.hostsToml("docker.io", "[host.\"https://registry.internal\"]\n");
    Path ca = certs.file("registry.internal/ca.pem", "pem");
    certs.hostsToml("registry.internal", "ca = \"ca.pem\"\n");

    MirrorRoute route = route("registry.internal/dockerhub/library/redis:7");

    assertThat(manifestUrls(route, "7"))
        .containsExactly("https://registry.internal/v2/dockerhub/library/redis/manifests/7");
    assertThat(route.endpoints().get(0).namespace()).isNull();
    assertThat(route.endpoints().get(0).host().caFiles()).containsExactly(ca);
    assertThat(route.endpoints().get(0).host().capabilities())
        .isEqualTo(Set.of(Capability.PULL, Capability.RESOLVE, Capability.PUSH));
    assertThat(route.mirrorLocation()).isEqualTo("registry.internal/dockerhub/library/redis");
  }

  @Test
  void route_imageNamingMirrorDirectly_serverNamingItselfKept() throws Exception {
    certs.hostsToml("_default", "server = \"https://registry.internal:5000\"\n");
    certs.hostsToml("registry.internal_5000_", "server = \"https://registry.internal:5000\"\n");

    MirrorRoute route = route("registry.internal:5000/team/app:1");

    assertThat(manifestUrls(route, "1"))
        .containsExactly("https://registry.internal:5000/v2/team/app/manifests/1");
  }

  // hosts.go ConfigureHosts (1.6/1.7): the implicit host of a loopback registry is plain http
  // with skip_verify; checked with ctr 1.6.20 (HEAD http://127.0.0.1:<port>/v2/...).
  @Test
  void route_imageNamingLoopbackMirrorDirectly_implicitHostIsHttp() throws Exception {
    certs.hostsToml("docker.io", "[host.\"https://127.0.0.1:5443\"]\n");
    certs.hostsToml("127.0.0.1_5443_", "[host]\n");

    MirrorRoute route = route("127.0.0.1:5443/library/redis:7");

    assertThat(manifestUrls(route, "7"))
        .containsExactly("http://127.0.0.1:5443/v2/library/redis/manifests/7");
    assertThat(route.endpoints().get(0).host().skipVerify()).isTrue();
  }

  @Test
  void route_registryThatIsNoMirror_ownDirectoryWithOnlyCa_unmirrored() throws Exception {
    certs.file("quay.io/ca.pem", "pem");
    certs.hostsToml("quay.io", "ca = \"ca.pem\"\n");

    assertThat(certs.load().route(image("quay.io/a/b"))).isEmpty();
  }

  @Test
  void route_noDirectoryForRegistry_unmirrored() throws Exception {
    certs.hostsToml("docker.io", "[host.\"https://registry.internal\"]\n");

    assertThat(certs.load().route(image("gcr.io/distroless/static"))).isEmpty();
  }

  @Test
  void route_emptyCertsDir_unmirrored() throws Exception {
    assertThat(certs.load().route(image("redis"))).isEmpty();
  }

  // containerd HostDirFromRoot: the directory decides, not the hosts.toml in it; docs/hosts.md
  // "Support for Docker's Certificate File Pattern" then gives only the upstream.
  @Test
  void route_directoryWithoutHostsToml_shadowsDefault_unmirrored() throws Exception {
    certs.directory("quay.io");
    certs.hostsToml("_default", "[host.\"https://registry.internal\"]\n");

    assertThat(certs.load().route(image("quay.io/a/b"))).isEmpty();
  }

  @Test
  void route_emptyHostsToml_readAsCertificateDirectory() throws Exception {
    certs.hostsToml("docker.io", "[host.\"https://registry.internal\"]\n");
    Path ca = certs.file("registry.internal/registry.crt", "pem");
    Path cert = certs.file("registry.internal/client.cert", "pem");
    Path key = certs.file("registry.internal/client.key", "pem");
    certs.hostsToml("registry.internal", "");

    MirrorRoute route = route("registry.internal/library/redis:7");

    HostEndpoint host = route.endpoints().get(0).host();
    assertThat(host.origin()).isEqualTo(URI.create("https://registry.internal"));
    assertThat(host.caFiles()).containsExactly(ca);
    assertThat(host.clientCertificates())
        .containsExactly(new ClientCertificate(cert, Optional.of(key)));
  }

  @Test
  void route_digestReference_manifestUrlByDigest() throws Exception {
    certs.hostsToml("docker.io", "[host.\"https://registry.internal\"]\n");

    MirrorRoute route = route("redis:7@" + DIGEST);

    assertThat(manifestUrls(route, route.image().identifier()))
        .containsExactly(
            "https://registry.internal/v2/library/redis/manifests/" + DIGEST + "?ns=docker.io");
  }

  @Test
  void route_indexDockerIoSpelling_usesDockerIoDirectory() throws Exception {
    certs.hostsToml("docker.io", "[host.\"https://registry.internal\"]\n");

    assertThat(route("index.docker.io/library/redis").mirrorLocation())
        .isEqualTo("registry.internal/library/redis");
  }

  // containerd core/remotes/docker/resolver.go Resolve asks for pull|resolve when resolving a tag
  // and filterHosts keeps only hosts with every capability asked for; a digest needs pull only.
  // Checked with containerd 1.6.20 in ContainerdParityIT.
  @Test
  void route_resolveOnlyHost_neverResolvesNorGivesTheLocation() throws Exception {
    certs.hostsToml(
        "registry.example",
        """
        [host."https://m.internal/v2/pull-only"]
          capabilities = ["pull"]
          override_path = true
        [host."https://m.internal/v2/resolve-only"]
          capabilities = ["resolve"]
          override_path = true
        [host."https://m.internal/v2/pull-resolve"]
          capabilities = ["pull", "resolve"]
          override_path = true
        """);

    MirrorRoute byTag = route("registry.example/team/app:3");
    MirrorRoute byDigest = route("registry.example/team/app:3@" + DIGEST);

    assertThat(byTag.resolvers())
        .extracting(e -> e.manifestUrl("3").getPath())
        .containsExactly("/v2/pull-resolve/team/app/manifests/3");
    assertThat(byDigest.resolvers())
        .extracting(e -> e.host().apiPath())
        .containsExactly("/v2/pull-only", "/v2/pull-resolve");
    assertThat(byTag.pullers())
        .extracting(e -> e.host().apiPath())
        .containsExactly("/v2/pull-only", "/v2/pull-resolve");
    assertThat(byTag.mirrorLocation()).isEqualTo("m.internal/pull-resolve/team/app");
    assertThat(byDigest.mirrorLocation()).isEqualTo("m.internal/pull-resolve/team/app");
  }

  @Test
  void route_noResolveHost_locationFromFirstEndpoint() throws Exception {
    certs.hostsToml(
        "docker.io",
        """
        [host."https://pull-only.internal/v2/hub"]
          capabilities = ["pull"]
          override_path = true
        """);

    MirrorRoute route = route("redis");

    assertThat(route.resolvers()).isEmpty();
    assertThat(route.mirrorLocation()).isEqualTo("pull-only.internal/hub/library/redis");
  }

  // docs/hosts.md "host field(s)": the override_path host's path is the API root.
  @Test
  void route_overridePathWithoutV2_pathUsedAsIs() throws Exception {
    certs.hostsToml(
        "docker.io",
        """
        [host."https://non-compliant-mirror.registry/upstream"]
          override_path = true
        """);

    MirrorRoute route = route("redis:7");

    assertThat(manifestUrls(route, "7"))
        .containsExactly(
            "https://non-compliant-mirror.registry/upstream/library/redis/manifests/7?ns=docker.io");
    assertThat(route.mirrorLocation())
        .isEqualTo("non-compliant-mirror.registry/upstream/library/redis");
  }

  @Test
  void files_exposesLoadedDirectoriesByName() throws Exception {
    certs.hostsToml("docker.io", "[host.\"https://registry.internal\"]\n");
    certs.hostsToml("_default", "server = \"https://registry.internal\"\n");

    assertThat(certs.load().files()).containsOnlyKeys("_default", "docker.io");
  }
}
