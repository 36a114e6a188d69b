package dev.airlock.oci.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.testing.FaultServer;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.PlatformImage;
import dev.airlock.oci.testing.RegistryPusher.Pushed;
import dev.airlock.oci.testing.RegistryRequest;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.oci.testing.TestRoutes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real docker-registry over TLS with a CA made by the test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRegistryClientIT {
  private static final String REPO = "team/app";
  private static final String SIG_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";

  private Path dir;
  private TestPki pki;
  private RegistryServer registry;
  private Pushed oci;
  private Pushed docker;
  private Pushed index;
  private final List<String> observed = new ArrayList<>();
  private HttpRegistryClient client;

  @BeforeAll
  void start(@TempDir Path tempDir) {
    dir = tempDir;
    pki = TestPki.create(dir.resolve("pki"));
    registry = RegistryServer.builder(pki, dir).start();
    RegistryPusher push = registry.pusher();
    oci = push.image(REPO, "oci", Format.OCI);
    docker = push.image(REPO, "docker", Format.DOCKER);
    index =
        push.index(
            REPO,
            "multi",
            List.of(
                new PlatformImage("linux/amd64", oci),
                new PlatformImage("linux/arm64/v8", docker)));
    client =
        new HttpRegistryClient(
            RegistryClientOptions.defaults(),
            CredentialStore.ANONYMOUS,
            (operation, elapsed, outcome) -> observed.add(operation + " " + outcome));
  }

  @AfterAll
  void stop() {
    registry.close();
  }

  private MirrorRoute route() {
    return TestRoutes.route(
        registry.authority() + "/" + REPO + ":oci",
        TestRoutes.host(registry.origin(), List.of(pki.caFile())));
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  @Test
  void resolve_ociManifestTag_returnsPushedDigest() throws Exception {
    assertThat(client.resolve(route(), "oci", deadline()))
        .contains(Descriptor.of(MediaTypes.OCI_MANIFEST, oci.digest(), oci.size()));
  }

  @Test
  void resolve_dockerManifestTag_returnsPushedDigest() throws Exception {
    assertThat(client.resolve(route(), "docker", deadline()))
        .contains(Descriptor.of(MediaTypes.DOCKER_MANIFEST, docker.digest(), docker.size()));
  }

  @Test
  void resolve_ociIndexTag_returnsPushedDigest() throws Exception {
    assertThat(client.resolve(route(), "multi", deadline()))
        .contains(Descriptor.of(MediaTypes.OCI_INDEX, index.digest(), index.size()));
  }

  @Test
  void resolve_sendsHeadToTheManifestUrl() throws Exception {
    registry.clearRequests();
    client.resolve(route(), "oci", deadline());
    assertThat(registry.requestsSoFar())
        .extracting(RegistryRequest::line)
        .containsExactly("HEAD /v2/team/app/manifests/oci");
  }

  @Test
  void resolve_tagMissing_returnsEmpty() throws Exception {
    observed.clear();
    assertThat(client.resolve(route(), "no-such-tag", deadline())).isEmpty();
    assertThat(observed).containsExactly("resolve NOT_FOUND");
  }

  @Test
  void resolve_repositoryMissing_returnsEmpty() throws Exception {
    MirrorRoute other =
        TestRoutes.route(
            registry.authority() + "/nobody/here:1",
            TestRoutes.host(registry.origin(), List.of(pki.caFile())));
    assertThat(client.resolve(other, "1", deadline())).isEmpty();
  }

  @Test
  void manifest_byDigest_parsesIndexChildren() throws Exception {
    Manifest m = client.manifest(route(), index.digest(), deadline()).orElseThrow();
    assertThat(m.bytes()).isEqualTo(index.bytes());
    assertThat(m.isIndex()).isTrue();
    assertThat(m.manifests())
        .extracting(Descriptor::digest)
        .containsExactly(oci.digest(), docker.digest());
    assertThat(m.manifests())
        .extracting(d -> d.platform().orElseThrow())
        .containsExactly("linux/amd64", "linux/arm64/v8");
  }

  @Test
  void manifest_byDigest_parsesConfigAndLayers() throws Exception {
    Manifest m = client.manifest(route(), docker.digest(), deadline()).orElseThrow();
    assertThat(m.descriptor().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(m.config()).isPresent();
    assertThat(m.layers()).hasSize(1);
  }

  @Test
  void manifest_unknownDigest_returnsEmpty() throws Exception {
    Digest unknown = Digest.sha256("nothing".getBytes(StandardCharsets.UTF_8));
    assertThat(client.manifest(route(), unknown, deadline())).isEmpty();
  }

  @Test
  void blob_configOfImage_returnsVerifiedBytes() throws Exception {
    Manifest m = client.manifest(route(), oci.digest(), deadline()).orElseThrow();
    Digest config = m.config().orElseThrow().digest();
    byte[] bytes = client.blob(route(), config, 1 << 20, deadline()).orElseThrow();
    assertThat(Digest.sha256(bytes)).isEqualTo(config);
    assertThat(client.blobExists(route(), config, deadline())).isTrue();
    assertThat(client.blobExists(route(), Digest.sha256(new byte[] {1}), deadline())).isFalse();
  }

  @Test
  void blob_largerThanCap_isMalformed() throws Exception {
    Digest layer =
        client.manifest(route(), oci.digest(), deadline()).orElseThrow().layers().get(0).digest();
    assertThatThrownBy(() -> client.blob(route(), layer, 100, deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.MALFORMED))
        .hasMessageEndingWith("response body larger than 100 bytes");
  }

  @Test
  void referrers_registryWithoutApi_usesFallbackTag() throws Exception {
    RegistryPusher push = registry.pusher();
    Pushed base = push.image(REPO, "signed", Format.OCI);
    Pushed sig =
        push.artifact(
            REPO,
            Optional.empty(),
            SIG_TYPE,
            base.descriptor(),
            Map.of("k", "v"),
            "payload".getBytes(StandardCharsets.UTF_8),
            "application/x-payload");
    Pushed sbom =
        push.artifact(
            REPO,
            Optional.empty(),
            "application/spdx+json",
            base.descriptor(),
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            "application/spdx+json");
    // distribution 2.8 has no referrers API: clients maintain the <alg>-<hex> tag (spec 1.1).
    String fallback =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":["
            + entry(sig, SIG_TYPE, "\"annotations\":{\"k\":\"v\"},")
            + ","
            + entry(sbom, "application/spdx+json", "")
            + "]}";
    push.manifest(
        REPO,
        base.digest().algorithm() + "-" + base.digest().hex(),
        MediaTypes.OCI_INDEX,
        fallback.getBytes(StandardCharsets.UTF_8));
    registry.clearRequests();

    List<Descriptor> all = client.referrers(route(), base.digest(), Optional.empty(), deadline());
    List<Descriptor> sigs =
        client.referrers(route(), base.digest(), Optional.of(SIG_TYPE), deadline());

    assertThat(all).extracting(Descriptor::digest).containsExactly(sig.digest(), sbom.digest());
    assertThat(sigs)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.digest()).isEqualTo(sig.digest());
              assertThat(d.artifactType()).contains(SIG_TYPE);
              assertThat(d.annotations()).containsEntry("k", "v");
            });
    // The referrers API requests got 404 from 2.8's router, which does not log unrouted paths.
    assertThat(registry.requestsSoFar())
        .extracting(RegistryRequest::line)
        .containsExactly(
            "GET /v2/team/app/manifests/sha256-" + base.digest().hex(),
            "GET /v2/team/app/manifests/sha256-" + base.digest().hex());
  }

  @Test
  void referrers_noneAndNoFallbackTag_isEmpty() throws Exception {
    assertThat(client.referrers(route(), oci.digest(), Optional.empty(), deadline())).isEmpty();
  }

  private static String entry(Pushed p, String artifactType, String extra) {
    return "{\"mediaType\":\""
        + p.mediaType()
        + "\",\"digest\":\""
        + p.digest()
        + "\",\"size\":"
        + p.size()
        + ","
        + extra
        + "\"artifactType\":\""
        + artifactType
        + "\"}";
  }

  @Test
  void resolve_caNotTrusted_isTlsError() {
    TestPki other = TestPki.create(dir.resolve("other"), "other");
    MirrorRoute untrusted =
        TestRoutes.route(
            registry.authority() + "/" + REPO + ":oci",
            TestRoutes.host(registry.origin(), List.of(other.caFile())));
    assertThatThrownBy(() -> client.resolve(untrusted, "oci", deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.TLS))
        .hasMessageStartingWith(
            "HEAD " + registry.origin() + "/v2/team/app/manifests/oci: TLS failure: ");
  }

  @Test
  void resolve_trustedCertificateNamingAnotherHost_isTlsError() {
    // signed by the trusted CA, but names neither 127.0.0.1 nor localhost: the name check refuses
    try (FaultServer wrongName = FaultServer.https(pki.signingCert("names-nobody"))) {
      wrongName.on(
          "HEAD",
          "/v2/" + REPO + "/manifests/oci",
          FaultServer.respond(
              200,
              Map.of("Docker-Content-Digest", Digest.sha256(new byte[0]).toString()),
              new byte[0]));
      MirrorRoute route =
          TestRoutes.route(
              wrongName.authority() + "/" + REPO + ":oci",
              TestRoutes.host(wrongName.origin(), List.of(pki.caFile())));
      assertThatThrownBy(() -> client.resolve(route, "oci", deadline()))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.TLS))
          .hasMessageContaining("TLS failure: ");
    }
  }

  @Test
  void resolve_noCaConfigured_usesJvmTrustAndFails() {
    MirrorRoute noCa =
        TestRoutes.route(
            registry.authority() + "/" + REPO + ":oci",
            TestRoutes.host(registry.origin(), List.of()));
    assertThatThrownBy(() -> client.resolve(noCa, "oci", deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.TLS));
  }

  @Test
  void resolve_skipVerify_acceptsUntrustedCertificateAsContainerdDoes() throws Exception {
    var trusting = TestRoutes.host(registry.origin(), List.of());
    var skipping =
        new dev.airlock.oci.mirror.HostEndpoint(
            trusting.scheme(),
            trusting.authority(),
            trusting.apiPath(),
            false,
            trusting.capabilities(),
            List.of(),
            List.of(),
            true,
            Map.of(),
            Optional.empty());
    MirrorRoute insecure = TestRoutes.route(registry.authority() + "/" + REPO + ":oci", skipping);
    assertThat(client.resolve(insecure, "oci", deadline()))
        .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(oci.digest()));
  }

  @Test
  void observer_seesEveryVerb() throws Exception {
    RegistryObserver.Outcome[] seen = new RegistryObserver.Outcome[1];
    HttpRegistryClient watched =
        new HttpRegistryClient(
            RegistryClientOptions.defaults(),
            CredentialStore.ANONYMOUS,
            (op, elapsed, outcome) -> seen[0] = outcome);
    watched.manifest(route(), oci.digest(), deadline());
    assertThat(seen[0]).isEqualTo(RegistryObserver.Outcome.FOUND);
  }
}
