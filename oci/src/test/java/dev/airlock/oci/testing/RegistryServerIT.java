package dev.airlock.oci.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.PlatformImage;
import dev.airlock.oci.testing.RegistryPusher.Pushed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared test support works against a real docker-registry. */
class RegistryServerIT {
  @TempDir Path dir;

  @Test
  void registry_pushedImagesAreServedAndRequestsAreLogged() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (RegistryServer registry = RegistryServer.builder(pki, dir).start()) {
      RegistryPusher push = registry.pusher();
      Pushed oci = push.image("team/app", "oci", Format.OCI);
      Pushed docker = push.image("team/app", "docker", Format.DOCKER);
      Pushed index =
          push.index(
              "team/app",
              "multi",
              List.of(
                  new PlatformImage("linux/amd64", oci),
                  new PlatformImage("linux/arm64/v8", docker)));
      Pushed sig =
          push.artifact(
              "team/app",
              Optional.of(oci.digest().tagFor("sig")),
              "application/vnd.dev.cosign.artifact.sig.v1+json",
              oci.descriptor(),
              Map.of("org.example", "yes"),
              "payload".getBytes(StandardCharsets.UTF_8),
              "application/vnd.dev.cosign.simplesigning.v1+json");
      registry.clearRequests();

      HttpClient http = HttpClient.newBuilder().sslContext(pki.clientContext()).build();
      for (Pushed p : List.of(oci, docker, index, sig)) {
        HttpResponse<byte[]> got =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            registry.origin() + "/v2/team/app/manifests/" + p.digest() + "?ns=x"))
                    .header("Accept", MediaTypes.MANIFEST_ACCEPT + ", " + MediaTypes.OCI_MANIFEST)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(p.bytes());
        assertThat(got.headers().firstValue("Content-Type")).contains(p.mediaType());
      }
      List<RegistryRequest> seen = registry.requestsSoFar();
      assertThat(seen).hasSize(4);
      assertThat(seen.get(0).line())
          .isEqualTo("GET /v2/team/app/manifests/" + oci.digest() + "?ns=x");
      assertThat(seen).allMatch(r -> r.host().equals(registry.authority()) && r.status() == 200);
    }
  }

  @Test
  void registry_basicAuth_acceptsOnlyTheConfiguredUser() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (RegistryServer registry =
        RegistryServer.builder(pki, dir).basicAuth("alice", "s3cret").start()) {
      Pushed image = registry.pusher().image("team/app", "1", Format.OCI);
      assertThat(image.digest().algorithm()).isEqualTo("sha256");
      RegistryPusher wrong =
          new RegistryPusher(
              registry.origin(),
              pki.clientContext(),
              repo ->
                  Optional.of(
                      "Basic "
                          + java.util.Base64.getEncoder().encodeToString("alice:nope".getBytes())));
      assertThatThrownBy(() -> wrong.image("team/app", "2", Format.OCI))
          .hasMessageContaining("got 401");
      assertThat(registry.requestsSoFar()).anyMatch(r -> r.status() == 401);
    }
  }

  @Test
  void registry_tokenAuth_acceptsIssuerTokens() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    try (TokenIssuer issuer = TokenIssuer.start(pki);
        RegistryServer registry = RegistryServer.builder(pki, dir).tokenAuth(issuer).start()) {
      registry.pusher().image("team/app", "1", Format.DOCKER);
      Function<String, Optional<String>> none = repo -> Optional.empty();
      RegistryPusher anonymous = new RegistryPusher(registry.origin(), pki.clientContext(), none);
      assertThatThrownBy(() -> anonymous.image("team/app", "2", Format.OCI))
          .hasMessageContaining("got 401");
    }
  }

  @Test
  void registry_clientCa_requiresClientCertificate() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    TestPki clients = TestPki.create(dir.resolve("clients"), "clients");
    try (RegistryServer registry = RegistryServer.builder(pki, dir).clientCa(clients).start()) {
      registry.pusher(Optional.of(clients.clientCert("pusher"))).image("team/app", "1", Format.OCI);
      assertThatThrownBy(() -> registry.pusher().image("team/app", "2", Format.OCI))
          .isInstanceOf(java.io.UncheckedIOException.class);
      assertThat(registry.requestsSoFar()).isNotEmpty();
    }
  }
}
