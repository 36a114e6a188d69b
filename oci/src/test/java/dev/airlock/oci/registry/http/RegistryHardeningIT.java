package dev.airlock.oci.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.mirror.HostEndpoint;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.registry.auth.Credentials;
import dev.airlock.oci.testing.FaultServer;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.oci.testing.TestRoutes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry client against a hostile or broken registry (issue 12, "weaker spots"): where
 * credentials and hosts.toml headers may go on a redirect, which redirects are followed, what a
 * token realm over plain HTTP gets, what an error body that echoes the request ends up as, and how
 * many threads one mirror that never answers can hold.
 */
class RegistryHardeningIT {
  private static final String USER = "puller";
  private static final String PASSWORD = "Pa55-w0rd-for-the-mirror";
  private static final byte[] CONTENT = "layer".getBytes(StandardCharsets.UTF_8);
  private static final Digest BLOB = Digest.sha256(CONTENT);

  @TempDir Path dir;
  private TestPki pki;
  private FaultServer mirror;
  private FaultServer storage;

  @BeforeEach
  void start() {
    pki = TestPki.create(dir.resolve("pki"));
    mirror = FaultServer.https(pki);
    storage = FaultServer.https(pki);
    storage.on("GET", "/storage/blob", FaultServer.respond(200, Map.of(), CONTENT));
  }

  @AfterEach
  void stop() {
    mirror.close();
    storage.close();
  }

  private CredentialStore creds() {
    return authority ->
        authority.equals(mirror.authority())
            ? Optional.of(new Credentials(USER, PASSWORD))
            : Optional.empty();
  }

  private HttpRegistryClient client(RegistryClientOptions options) {
    return new HttpRegistryClient(options, creds(), RegistryObserver.NONE);
  }

  private MirrorRoute route(Map<String, List<String>> headers) {
    HostEndpoint host = TestRoutes.host(mirror.origin(), List.of(pki.caFile()), List.of(), headers);
    return TestRoutes.route("registry.example/team/app:1", host);
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  private static String blobPath() {
    return "/v2/team/app/blobs/" + BLOB;
  }

  private void redirectBlobTo(String location) {
    mirror.on(
        "GET",
        blobPath(),
        (exchange, hit) ->
            FaultServer.respond(307, Map.of("Location", location), new byte[0])
                .handle(exchange, hit));
  }

  /**
   * Regression: a hosts.toml {@code header} (here an {@code authorization} in lower case and a
   * private token header) went along to the redirect target.
   */
  @Test
  void redirectToAllowedStorageHost_sendsNeitherAuthorizationNorHostsTomlHeaders()
      throws Exception {
    redirectBlobTo(storage.origin() + "/storage/blob");
    MirrorRoute route =
        route(
            Map.of(
                "authorization", List.of("Bearer static-hosts-toml-token"),
                "X-Mirror-Token", List.of("mirror-only-secret")));
    HttpRegistryClient client =
        client(RegistryClientOptions.defaults().withRedirectHosts(List.of(storage.authority())));

    assertThat(client.blob(route, BLOB, 1024, deadline())).contains(CONTENT);

    FaultServer.Hit hit = storage.requests().get(0);
    assertThat(hit.headers().keySet())
        .map(String::toLowerCase)
        .doesNotContain("authorization", "x-mirror-token");
    assertThat(mirror.requests().get(0).headers().getFirst("X-Mirror-Token"))
        .isEqualTo("mirror-only-secret");
  }

  /**
   * Regression (attacker review): a redirect target that answered 401 with a Bearer challenge was
   * sent the mirror's Basic credentials at a realm of its choosing, and its challenge was kept as
   * the mirror's own.
   */
  @Test
  void challengeFromARedirectTarget_getsNoCredentials() {
    storage.on(
        "GET",
        "/storage/blob",
        FaultServer.respond(
            401,
            Map.of(
                "WWW-Authenticate",
                "Bearer realm=\"" + storage.origin() + "/token\",service=\"evil\""),
            new byte[0]));
    redirectBlobTo(storage.origin() + "/storage/blob");
    HttpRegistryClient client =
        client(RegistryClientOptions.defaults().withRedirectHosts(List.of(storage.authority())));

    for (int call = 0; call < 2; call++) {
      assertThatThrownBy(() -> client.blob(route(Map.of()), BLOB, 1024, deadline()))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.AUTH);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "GET "
                            + storage.origin()
                            + "/storage/blob: 401 from a redirect target; the credentials of "
                            + mirror.authority()
                            + " are not offered to another host");
              });
    }
    assertThat(storage.requests())
        .allSatisfy(h -> assertThat(h.uri().getPath()).isEqualTo("/storage/blob"))
        .allSatisfy(h -> assertThat(h.headers().containsKey("Authorization")).isFalse());
    assertThat(mirror.requests())
        .allSatisfy(h -> assertThat(h.headers().containsKey("Authorization")).isFalse());
  }

  /** Regression: a redirect to a host the hosts directory does not name was followed. */
  @Test
  void redirectToHostNotNamedAnywhere_isRefused() {
    redirectBlobTo(storage.origin() + "/storage/blob");

    assertThatThrownBy(
            () ->
                client(RegistryClientOptions.defaults())
                    .blob(route(Map.of()), BLOB, 1024, deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "GET "
                          + mirror.origin()
                          + blobPath()
                          + ": redirect (307) to https://"
                          + storage.authority()
                          + " refused: not a host of the hosts directory nor of"
                          + " airlock.registry.redirect-hosts");
            });
    assertThat(storage.requests()).isEmpty();
  }

  /** Regression: a redirect from https to plain http was followed. */
  @Test
  void redirectFromHttpsToHttp_isRefusedEvenToAnAllowedHost() {
    try (FaultServer plain = FaultServer.http()) {
      plain.on("GET", "/storage/blob", FaultServer.respond(200, Map.of(), CONTENT));
      redirectBlobTo(plain.origin() + "/storage/blob");
      HttpRegistryClient client =
          client(RegistryClientOptions.defaults().withRedirectHosts(List.of(plain.authority())));

      assertThatThrownBy(() -> client.blob(route(Map.of()), BLOB, 1024, deadline()))
          .hasMessageEndingWith(
              "redirect (307) to " + plain.origin() + "/storage/blob refused: https to http");
      assertThat(plain.requests()).isEmpty();
    }
  }

  /** Regression: a Bearer realm on plain http received the Basic credentials in clear text. */
  @Test
  void bearerRealmOverPlainHttp_getsNoCredentials() {
    mirror.on(
        "GET",
        blobPath(),
        FaultServer.respond(
            401,
            Map.of(
                "WWW-Authenticate",
                "Bearer realm=\"http://auth.example/token\",service=\"mirror\""),
            new byte[0]));

    assertThatThrownBy(
            () ->
                client(RegistryClientOptions.defaults())
                    .blob(route(Map.of()), BLOB, 1024, deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.AUTH);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "bearer realm http://auth.example/token is not HTTPS: credentials are not"
                          + " sent there in clear text");
            });
  }

  /**
   * Regression: a registry error body that echoes the request's credentials was copied into the
   * exception message (and from there into denials and the audit log).
   */
  @ParameterizedTest
  @ValueSource(ints = {403, 400, 500})
  void errorBodyEchoingTheCredentials_isRedacted(int status) {
    String basic =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    mirror.on(
        "GET",
        blobPath(),
        (exchange, hit) -> {
          String sent = exchange.getRequestHeaders().getFirst("Authorization");
          if (sent == null) {
            FaultServer.respond(
                    401, Map.of("WWW-Authenticate", "Basic realm=\"mirror\""), new byte[0])
                .handle(exchange, hit);
            return;
          }
          FaultServer.error(
                  status,
                  "DENIED",
                  "you sent " + sent + " i.e. " + USER + ":" + PASSWORD + " and " + PASSWORD)
              .handle(exchange, hit);
        });

    RegistryClientOptions once =
        new RegistryClientOptions(
            1,
            Duration.ofMillis(10),
            Duration.ofMillis(10),
            Duration.ofSeconds(2),
            RegistryClientOptions.CONTAINERD_MAX_MANIFEST_BYTES,
            Duration.ofSeconds(60),
            "airlock-test");
    assertThatThrownBy(() -> client(once).blob(route(Map.of()), BLOB, 1024, deadline()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain(basic);
              assertThat(e.getMessage()).contains("DENIED: you sent [redacted]");
              assertThat(e.errors())
                  .allSatisfy(c -> assertThat(c.message()).doesNotContain(PASSWORD));
            });
  }

  /**
   * Regression: one mirror that accepts connections and never answers held a thread per request
   * until each deadline; now the host's bulkhead refuses the request past the limit at once.
   */
  @Test
  void hangingHost_holdsAtMostItsLimitAndRefusesTheNextAtOnce() throws Exception {
    mirror.on("GET", blobPath(), FaultServer.hang());
    HttpRegistryClient client =
        client(RegistryClientOptions.defaults().withMaxConcurrentPerHost(2));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> hanging = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        hanging.add(
            pool.submit(
                () ->
                    client.blob(
                        route(Map.of()), BLOB, 1024, Deadline.after(Duration.ofSeconds(8)))));
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (mirror.hits("GET", blobPath()) < 2 && System.nanoTime() < until) {
        Thread.sleep(20);
      }

      assertThatThrownBy(
              () -> client.blob(route(Map.of()), BLOB, 1024, Deadline.after(Duration.ofSeconds(8))))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.BUSY);
                assertThat(e.getMessage())
                    .isEqualTo(
                        mirror.origin()
                            + ": 2 requests already in flight to this host"
                            + " (airlock.registry.max-concurrent-per-host)");
              });
      assertThat(mirror.hits("GET", blobPath())).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }
}
