package dev.airlock.oci.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.mirror.HostEndpoint;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.registry.auth.Credentials;
import dev.airlock.oci.testing.FaultServer;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.oci.testing.TestRoutes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure handling against a fault-injecting server. */
class RegistryFaultIT {
  private static final byte[] MANIFEST =
      ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"layers\":[]}")
          .getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(MANIFEST);
  private static final Map<String, String> OCI = Map.of("Content-Type", MediaTypes.OCI_MANIFEST);

  @TempDir Path dir;
  private TestPki pki;
  private FaultServer fault;
  private final HttpRegistryClient client =
      new HttpRegistryClient(
          new RegistryClientOptions(
              3,
              Duration.ofMillis(20),
              Duration.ofMillis(100),
              Duration.ofSeconds(2),
              RegistryClientOptions.CONTAINERD_MAX_MANIFEST_BYTES,
              Duration.ofSeconds(60),
              "airlock-test"),
          CredentialStore.ANONYMOUS,
          RegistryObserver.NONE);

  @BeforeEach
  void start() {
    pki = TestPki.create(dir.resolve("pki"));
    fault = FaultServer.https(pki);
  }

  @AfterEach
  void stop() {
    fault.close();
  }

  private HostEndpoint host(URI origin) {
    return TestRoutes.host(origin, List.of(pki.caFile()));
  }

  private MirrorRoute route(HostEndpoint... hosts) {
    return TestRoutes.route("registry.example/team/app:1", hosts);
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  private static String path(String suffix) {
    return "/v2/team/app/" + suffix;
  }

  @Test
  void manifest_wrongBytesForDigest_isDigestMismatch() {
    byte[] tampered = new String(MANIFEST, StandardCharsets.UTF_8).replace("[]", "[ ]").getBytes();
    fault.on("GET", path("manifests/" + DIGEST), FaultServer.respond(200, OCI, tampered));

    assertThatThrownBy(() -> client.manifest(route(host(fault.origin())), DIGEST, deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH))
        .hasMessage(
            "content from "
                + fault.origin()
                + path("manifests/" + DIGEST)
                + " does not match "
                + DIGEST
                + " (its bytes hash to "
                + Digest.sha256(tampered)
                + ")");
  }

  @Test
  void blob_wrongBytesForDigest_isDigestMismatch() {
    Digest blob = Digest.sha256("real".getBytes(StandardCharsets.UTF_8));
    fault.on("GET", path("blobs/" + blob), FaultServer.respond(200, Map.of(), "fake".getBytes()));

    assertThatThrownBy(() -> client.blob(route(host(fault.origin())), blob, 1024, deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH));
  }

  @Test
  void manifest_503TwiceThen200_succeedsWithRetries() throws Exception {
    fault.on(
        "GET",
        path("manifests/" + DIGEST),
        FaultServer.failTimes(2, 503, FaultServer.respond(200, OCI, MANIFEST)));

    assertThat(client.manifest(route(host(fault.origin())), DIGEST, deadline())).isPresent();
    assertThat(fault.hits("GET", path("manifests/" + DIGEST))).isEqualTo(3);
  }

  @Test
  void manifest_503Always_throwsTemporaryStatusAfterAllAttempts() {
    fault.on("GET", path("manifests/" + DIGEST), FaultServer.error(503, "UNAVAILABLE", "down"));

    assertThatThrownBy(() -> client.manifest(route(host(fault.origin())), DIGEST, deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.temporary()).isTrue();
              assertThat(e.errors())
                  .containsExactly(new RegistryException.ErrorCode("UNAVAILABLE", "down"));
            })
        .hasMessage(
            "GET "
                + fault.origin()
                + path("manifests/" + DIGEST)
                + ": HTTP 503: UNAVAILABLE: down");
    assertThat(fault.hits("GET", path("manifests/" + DIGEST))).isEqualTo(3);
  }

  @Test
  void manifest_400_isNotRetried() {
    fault.on("GET", path("manifests/" + DIGEST), FaultServer.error(400, "MANIFEST_INVALID", "x"));

    assertThatThrownBy(() -> client.manifest(route(host(fault.origin())), DIGEST, deadline()))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.temporary()).isFalse());
    assertThat(fault.hits("GET", path("manifests/" + DIGEST))).isEqualTo(1);
  }

  @Test
  void resolve_serverNeverAnswers_timesOutWithinDeadline() {
    fault.on("HEAD", path("manifests/1"), FaultServer.hang());

    assertThatThrownBy(
            () ->
                client.resolve(
                    route(host(fault.origin())), "1", Deadline.after(Duration.ofMillis(800))))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }

  @Test
  void blob_bodyTrickles_timesOutWithinDeadline() {
    byte[] content = new byte[200];
    Digest blob = Digest.sha256(content);
    fault.on(
        "GET",
        path("blobs/" + blob),
        FaultServer.slowBody(200, Map.of(), content, Duration.ofMillis(50)));

    assertThatThrownBy(
            () ->
                client.blob(
                    route(host(fault.origin())),
                    blob,
                    1024,
                    Deadline.after(Duration.ofMillis(800))))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }

  @Test
  void resolve_firstEndpointRefuses_secondAnswers() throws Exception {
    fault.on(
        "HEAD",
        path("manifests/1"),
        FaultServer.respond(
            200,
            Map.of(
                "Docker-Content-Digest",
                DIGEST.toString(),
                "Content-Type",
                MediaTypes.OCI_MANIFEST),
            MANIFEST));
    HostEndpoint refused = host(URI.create("https://" + FaultServer.refusedAuthority()));

    assertThat(client.resolve(route(refused, host(fault.origin())), "1", deadline()))
        .contains(Descriptor.of(MediaTypes.OCI_MANIFEST, DIGEST, MANIFEST.length));
  }

  @Test
  void resolve_onlyEndpointRefuses_isTransportError() {
    HostEndpoint refused = host(URI.create("https://" + FaultServer.refusedAuthority()));

    assertThatThrownBy(() -> client.resolve(route(refused), "1", deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
              assertThat(e.temporary()).isTrue();
            })
        .hasMessageEndingWith(": connection refused");
  }

  @Test
  void resolve_notFoundAtFirstEndpoint_foundAtSecond() throws Exception {
    try (FaultServer second = FaultServer.http()) {
      second.on(
          "HEAD",
          path("manifests/1"),
          FaultServer.respond(
              200,
              Map.of(
                  "Docker-Content-Digest",
                  DIGEST.toString(),
                  "Content-Type",
                  MediaTypes.OCI_MANIFEST),
              MANIFEST));
      HostEndpoint plain = TestRoutes.host(second.origin(), List.of());

      assertThat(client.resolve(route(host(fault.origin()), plain), "1", deadline()))
          .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(DIGEST));
      assertThat(fault.hits("HEAD", path("manifests/1"))).isEqualTo(1);
    }
  }

  @Test
  void resolve_notFoundAtOneEndpointAndFailingAtOther_throws() {
    HostEndpoint refused = host(URI.create("https://" + FaultServer.refusedAuthority()));

    assertThatThrownBy(() -> client.resolve(route(host(fault.origin()), refused), "1", deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT));
  }

  @Test
  void manifest_mismatchAtFirstAndOutageAtSecond_reportsTheMismatch() {
    fault.on("GET", path("manifests/" + DIGEST), FaultServer.respond(200, OCI, "{}".getBytes()));
    HostEndpoint refused = host(URI.create("https://" + FaultServer.refusedAuthority()));

    assertThatThrownBy(
            () -> client.manifest(route(host(fault.origin()), refused), DIGEST, deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH));
  }

  @Test
  void resolve_headWithoutDigestHeader_getsAndHashesTheManifest() throws Exception {
    fault.on("HEAD", path("manifests/1"), FaultServer.respond(200, OCI, MANIFEST));
    fault.on("GET", path("manifests/1"), FaultServer.respond(200, OCI, MANIFEST));

    assertThat(client.resolve(route(host(fault.origin())), "1", deadline()))
        .contains(Descriptor.of(MediaTypes.OCI_MANIFEST, DIGEST, MANIFEST.length));
    assertThat(fault.hits("GET", path("manifests/1"))).isEqualTo(1);
  }

  @Test
  void resolve_digestHeaderSentTwice_theFirstSentCounts() throws Exception {
    // The JDK lists a repeated header's values last-sent first; the client reads them as sent.
    Digest other = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
    fault.on(
        "HEAD",
        path("manifests/1"),
        (exchange, hit) -> {
          exchange.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
          exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST.toString());
          exchange.getResponseHeaders().add("Docker-Content-Digest", other.toString());
          exchange.getResponseHeaders().add("Content-Length", String.valueOf(MANIFEST.length));
          exchange.sendResponseHeaders(200, -1);
        });

    assertThat(client.resolve(route(host(fault.origin())), "1", deadline()))
        .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(DIGEST));
  }

  @Test
  void resolve_sendsAcceptAndHostsTomlHeaders() throws Exception {
    fault.on("HEAD", path("manifests/1"), FaultServer.respond(404, Map.of(), new byte[0]));
    HostEndpoint withHeaders =
        TestRoutes.host(
            fault.origin(),
            List.of(pki.caFile()),
            List.of(),
            Map.of("X-Mirror-Tenant", List.of("a", "b")));

    assertThat(client.resolve(route(withHeaders), "1", deadline())).isEmpty();
    FaultServer.Hit hit = fault.requests().get(0);
    assertThat(hit.headers().getFirst("Accept")).isEqualTo(MediaTypes.MANIFEST_ACCEPT);
    assertThat(hit.headers().getFirst("X-mirror-tenant")).isEqualTo("a, b");
  }

  @Test
  void referrers_viaApi_filtersByArtifactType() throws Exception {
    Digest sig = Digest.sha256("sig".getBytes(StandardCharsets.UTF_8));
    Digest sbom = Digest.sha256("sbom".getBytes(StandardCharsets.UTF_8));
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":["
            + "{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + sig
            + "\",\"size\":10,\"artifactType\":\"application/x-sig\"},"
            + "{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + sbom
            + "\",\"size\":11,\"artifactType\":\"application/x-sbom\"}]}";
    // A registry that ignores the filter (no OCI-Filters-Applied): the client filters.
    fault.on(
        "GET",
        path("referrers/" + DIGEST),
        FaultServer.respond(200, Map.of("Content-Type", MediaTypes.OCI_INDEX), index.getBytes()));

    List<Descriptor> sigs =
        client.referrers(
            route(host(fault.origin())), DIGEST, Optional.of("application/x-sig"), deadline());

    assertThat(sigs).extracting(Descriptor::digest).containsExactly(sig);
    assertThat(fault.requests())
        .extracting(h -> h.uri().toString())
        .containsExactly(path("referrers/" + DIGEST) + "?artifactType=application%2Fx-sig");
  }

  @Test
  void blob_redirectToOtherHost_dropsAuthorization() throws Exception {
    byte[] content = "layer".getBytes(StandardCharsets.UTF_8);
    Digest blob = Digest.sha256(content);
    try (FaultServer storage = FaultServer.https(pki)) {
      storage.on("GET", "/storage/blob", FaultServer.respond(200, Map.of(), content));
      fault.on(
          "GET",
          path("blobs/" + blob),
          (exchange, hit) -> {
            if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
              FaultServer.respond(401, Map.of("WWW-Authenticate", "Basic realm=\"t\""), new byte[0])
                  .handle(exchange, hit);
            } else {
              FaultServer.respond(
                      307, Map.of("Location", storage.origin() + "/storage/blob"), new byte[0])
                  .handle(exchange, hit);
            }
          });
      CredentialStore creds =
          authority ->
              authority.equals(fault.authority())
                  ? Optional.of(new Credentials("u", "p"))
                  : Optional.empty();
      HttpRegistryClient authed =
          new HttpRegistryClient(
              RegistryClientOptions.defaults().withRedirectHosts(List.of(storage.authority())),
              creds,
              RegistryObserver.NONE);

      assertThat(authed.blob(route(host(fault.origin())), blob, 1024, deadline()))
          .contains(content);
      assertThat(storage.requests())
          .singleElement()
          .satisfies(h -> assertThat(h.headers().containsKey("Authorization")).isFalse());
    }
  }
}
