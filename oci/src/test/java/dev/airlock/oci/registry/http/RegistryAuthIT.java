package dev.airlock.oci.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.mirror.ClientCertificate;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.registry.auth.DockerConfigCredentials;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.Pushed;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.oci.testing.TestRoutes;
import dev.airlock.oci.testing.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth, bearer tokens and mutual TLS against real docker-registry processes. */
class RegistryAuthIT {
  private static final String REPO = "team/app";

  @TempDir Path dir;

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  private static HttpRegistryClient client(CredentialStore credentials) {
    return new HttpRegistryClient(
        RegistryClientOptions.defaults(), credentials, RegistryObserver.NONE);
  }

  private DockerConfigCredentials configJson(String key, String user, String password)
      throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("config-" + user + "-" + password.length() + ".json");
    Files.writeString(file, "{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth + "\"}}}");
    return DockerConfigCredentials.load(file);
  }

  private static MirrorRoute route(RegistryServer registry, TestPki pki) {
    return TestRoutes.route(
        registry.authority() + "/" + REPO + ":1",
        TestRoutes.host(registry.origin(), List.of(pki.caFile())));
  }

  @Test
  void resolve_basicAuthWithConfigJsonCredentials_resolves() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (RegistryServer registry =
        RegistryServer.builder(pki, dir).basicAuth("alice", "s3cret").start()) {
      Pushed image = registry.pusher().image(REPO, "1", Format.OCI);
      var credentials = configJson("https://" + registry.authority(), "alice", "s3cret");

      assertThat(client(credentials).resolve(route(registry, pki), "1", deadline()))
          .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(image.digest()));
    }
  }

  @Test
  void resolve_basicAuthWrongPassword_isAuthError() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (RegistryServer registry =
        RegistryServer.builder(pki, dir).basicAuth("alice", "s3cret").start()) {
      registry.pusher().image(REPO, "1", Format.OCI);
      var credentials = configJson(registry.authority(), "alice", "wrong");

      assertThatThrownBy(() -> client(credentials).resolve(route(registry, pki), "1", deadline()))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTH);
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.temporary()).isFalse();
              })
          .hasMessage(
              "HEAD " + registry.origin() + "/v2/team/app/manifests/1: 401 after authenticating")
          .hasMessageNotContaining("wrong");
    }
  }

  @Test
  void resolve_basicAuthWithoutCredentials_isAuthError() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (RegistryServer registry =
        RegistryServer.builder(pki, dir).basicAuth("alice", "s3cret").start()) {
      assertThatThrownBy(
              () ->
                  client(CredentialStore.ANONYMOUS).resolve(route(registry, pki), "1", deadline()))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTH))
          .hasMessage(registry.authority() + " requires Basic credentials and none are configured");
    }
  }

  @Test
  void resolve_bearerToken_isFetchedOnceAndReusedUntilExpiry() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (TokenIssuer issuer = TokenIssuer.start(pki);
        RegistryServer registry = RegistryServer.builder(pki, dir).tokenAuth(issuer).start()) {
      Pushed image = registry.pusher().image(REPO, "1", Format.DOCKER);
      HttpRegistryClient client = client(CredentialStore.ANONYMOUS);
      MirrorRoute route = route(registry, pki);

      assertThat(client.resolve(route, "1", deadline()).orElseThrow().digest())
          .isEqualTo(image.digest());
      assertThat(client.manifest(route, image.digest(), deadline())).isPresent();
      assertThat(client.resolve(route, "1", deadline())).isPresent();

      assertThat(issuer.hits()).isEqualTo(1);
    }
  }

  @Test
  void resolve_bearerTokenExpired_fetchesAnotherToken() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (TokenIssuer issuer = TokenIssuer.start(pki).expiresIn(Duration.ofSeconds(1));
        RegistryServer registry = RegistryServer.builder(pki, dir).tokenAuth(issuer).start()) {
      registry.pusher().image(REPO, "1", Format.OCI);
      HttpRegistryClient client = client(CredentialStore.ANONYMOUS);
      // expires_in 1 s minus the safety margin: every call needs a fresh token.
      client.resolve(route(registry, pki), "1", deadline());
      Thread.sleep(1100);
      client.resolve(route(registry, pki), "1", deadline());

      assertThat(issuer.hits()).isEqualTo(2);
    }
  }

  @Test
  void resolve_tokenIssuerRequiringCredentials_usesConfigJsonCredentials() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (TokenIssuer issuer = TokenIssuer.start(pki).requireBasic("bob", "pw");
        RegistryServer registry = RegistryServer.builder(pki, dir).tokenAuth(issuer).start()) {
      registry.pusher().image(REPO, "1", Format.OCI);

      assertThat(
              client(configJson(registry.authority(), "bob", "pw"))
                  .resolve(route(registry, pki), "1", deadline()))
          .isPresent();
      assertThatThrownBy(
              () ->
                  client(configJson(registry.authority(), "bob", "nope"))
                      .resolve(route(registry, pki), "1", deadline()))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTH))
          .hasMessage("token endpoint " + issuer.realm() + " refused the credentials (401)");
    }
  }

  @Test
  void resolve_mutualTls_presentsClientCertificateFromHostsToml() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    TestPki clients = TestPki.create(dir.resolve("clients"), "clients");
    try (RegistryServer registry = RegistryServer.builder(pki, dir).clientCa(clients).start()) {
      TestPki.Issued cert = clients.clientCert("airlock");
      Pushed image = registry.pusher(Optional.of(cert)).image(REPO, "1", Format.OCI);
      MirrorRoute withCert =
          TestRoutes.route(
              registry.authority() + "/" + REPO + ":1",
              TestRoutes.host(
                  registry.origin(),
                  List.of(pki.caFile()),
                  List.of(new ClientCertificate(cert.certFile(), Optional.of(cert.keyFile()))),
                  Map.of()));

      assertThat(client(CredentialStore.ANONYMOUS).resolve(withCert, "1", deadline()))
          .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(image.digest()));
      assertThatThrownBy(
              () ->
                  client(CredentialStore.ANONYMOUS).resolve(route(registry, pki), "1", deadline()))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.TLS));
    }
  }

  @Test
  void resolve_clientCertificateInOneFile_isUsed() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    TestPki clients = TestPki.create(dir.resolve("clients"), "clients");
    try (RegistryServer registry = RegistryServer.builder(pki, dir).clientCa(clients).start()) {
      TestPki.Issued cert = clients.clientCert("airlock");
      registry.pusher(Optional.of(cert)).image(REPO, "1", Format.OCI);
      Path combined = dir.resolve("client.pem");
      Files.writeString(
          combined, Files.readString(cert.certFile()) + Files.readString(cert.keyFile()));
      MirrorRoute route =
          TestRoutes.route(
              registry.authority() + "/" + REPO + ":1",
              TestRoutes.host(
                  registry.origin(),
                  List.of(pki.caFile()),
                  List.of(new ClientCertificate(combined, Optional.empty())),
                  Map.of()));

      assertThat(client(CredentialStore.ANONYMOUS).resolve(route, "1", deadline())).isPresent();
    }
  }
}
