package dev.airlock.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.testing.FaultServer;
import dev.airlock.oci.testing.FaultServer.Behaviour;
import dev.airlock.oci.testing.FaultServer.Listener;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.Pushed;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.ServedApp;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.MirrorSignatures;
import dev.airlock.webhook.testing.ReviewCounts;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.SignatureLayer;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.testing.TestPolicies;
import dev.airlock.webhook.testing.WebhookCalls;
import dev.airlock.webhook.testing.WebhookJar;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix (issue 12): the packaged webhook, a real {@code docker-registry} holding a
 * signed image, and a {@link FaultServer} serving the same bytes with one fault per row. Row {@code
 * fNN} is the image {@code fNN.example/app:1}, mirrored by {@code certs.d/fNN.example/hosts.toml}
 * at {@code https://<server>/v2/fNN} ({@code override_path}), so every row has its own route and
 * cache keys. Each row asserts, for {@code /mutate} (the tag) and {@code /validate} (the object
 * pinned to the signed digest), the exact answer, the {@code reason} counted in {@code
 * airlock_admission_reviews_total}, and that the answer came before kube-apiserver's {@code
 * ?timeout} (the HTTP client gives up at that time, as kube-apiserver would).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixIT {
  private static final String REPO = "app";
  private static final String TAG = "1";

  /** kube-apiserver's timeout for each review: the webhook answers 2 s (the margin) before it. */
  private static final Duration TIMEOUT = Duration.ofSeconds(4);

  @TempDir static Path dir;
  private static TestPki pki;
  private static RegistryServer registry;
  private static FaultServer fault;
  private static FaultServer plain;
  private static FaultServer basicAuth;
  private static FaultServer bearerAuth;
  private static FaultServer otherCa;
  private static FaultServer expired;
  private static FaultServer noLoopbackName;
  private static Listener silent;
  private static Listener full;
  private static String refused;
  private static ServedApp webhook;
  private static Path policy;
  private static final KeyPair KEY = TestKeys.P256.generate();
  private static final KeyPair NEXT_KEY = TestKeys.P256.generate();

  /** The signed image as the real registry holds it; fault rows serve these bytes. */
  private static Pushed image;

  private static Pushed signature;
  private static Pushed rotated;
  private static byte[] payload;

  /** An unsigned image, for the "HEAD names another digest" row. */
  private static Pushed unsigned;

  /**
   * One fault: where its mirror endpoint is, what the fault server does for it, and the answers.
   */
  record Fault(
      String id,
      String description,
      Supplier<String> endpoint,
      Consumer<String> setup,
      Expect mutate,
      Expect validate) {
    String image() {
      return id + ".example/" + REPO + ":" + TAG;
    }

    String repo() {
      return id + "/" + REPO;
    }

    @Override
    public String toString() {
      return id + " " + description;
    }
  }

  /** An expected answer: allowed or not, the reason label, and the exact message (if denied). */
  record Expect(boolean allowed, String reason, String message) {
    static Expect verified() {
      return new Expect(true, "verified", null);
    }

    static Expect denied(String reason, String message) {
      return new Expect(false, reason, message);
    }
  }

  private static final List<Fault> FAULTS = new ArrayList<>();

  private static void row(
      String description, Supplier<String> endpoint, Consumer<String> setup, Expect mutate) {
    row(description, endpoint, setup, mutate, Expect.verified());
  }

  private static void row(
      String description,
      Supplier<String> endpoint,
      Consumer<String> setup,
      Expect mutate,
      Expect validate) {
    String id = String.format("f%02d", FAULTS.size() + 1);
    FAULTS.add(new Fault(id, description, endpoint, setup, mutate, validate));
  }

  /** The fault server route of the current row's {@code path} under {@code /v2/<repo>/}. */
  private static String path(String repo, String suffix) {
    return "/v2/" + repo + "/" + suffix;
  }

  private static final String TIMEOUT_MESSAGE =
      "no answer from the mirror before the admission deadline";

  static {
    Supplier<String> faults = () -> fault.authority();
    // --- controls: the bytes the fault rows serve verify when served correctly ---------------
    row("served correctly (control)", faults, repo -> serveSigned(repo), Expect.verified());
    // --- transport ------------------------------------------------------------------------------
    row(
        "connection refused",
        () -> refused,
        repo -> {},
        Expect.denied("registry_error", "mirror %e/f02/app: %cause"),
        Expect.denied("registry_error", "%cause"));
    row(
        "hang in TCP connect (accept queue full, SYN dropped)",
        () -> full.authority(),
        repo -> {},
        Expect.denied("timeout", TIMEOUT_MESSAGE),
        Expect.denied("timeout", TIMEOUT_MESSAGE));
    row(
        "hang in the TLS handshake (connected, never a byte)",
        () -> silent.authority(),
        repo -> {},
        Expect.denied("timeout", TIMEOUT_MESSAGE),
        Expect.denied("timeout", TIMEOUT_MESSAGE));
    row(
        "hang before the response to HEAD of the tag",
        faults,
        repo -> {
          serveSigned(repo);
          String tag = path(repo, "manifests/" + TAG);
          fault.on("HEAD", tag, FaultServer.hang()).on("GET", tag, FaultServer.hang());
        },
        Expect.denied("timeout", TIMEOUT_MESSAGE));
    row(
        "hang on the signature manifest",
        faults,
        repo -> {
          serveSigned(repo);
          fault.on("GET", sigTag(repo), FaultServer.hang());
        },
        Expect.denied("timeout", TIMEOUT_MESSAGE),
        Expect.denied("timeout", TIMEOUT_MESSAGE));
    row(
        "signature payload trickles past the deadline",
        faults,
        repo -> {
          serveSigned(repo);
          fault.on(
              "GET",
              path(repo, "blobs/" + Digest.sha256(payload)),
              FaultServer.slowBody(200, Map.of(), payload, Duration.ofMillis(200)));
        },
        Expect.denied("timeout", TIMEOUT_MESSAGE),
        Expect.denied("timeout", TIMEOUT_MESSAGE));
    row(
        "connection closed without an answer",
        faults,
        repo -> {
          serveSigned(repo);
          String tag = path(repo, "manifests/" + TAG);
          fault.on("HEAD", tag, FaultServer.drop()).on("GET", tag, FaultServer.drop());
        },
        Expect.denied("registry_error", "mirror %e/f08/app: %cause"));
    row(
        "signature manifest cut short of its Content-Length",
        faults,
        repo -> {
          serveSigned(repo);
          fault.on(
              "GET",
              sigTag(repo),
              FaultServer.truncated(
                  Map.of("Content-Type", MediaTypes.OCI_MANIFEST),
                  signature.bytes(),
                  signature.bytes().length / 2));
        },
        Expect.denied("registry_error", "%cause"),
        Expect.denied("registry_error", "%cause"));
    // --- HTTP status ----------------------------------------------------------------------------
    row(
        "500 on the tag",
        faults,
        repo -> {
          serveSigned(repo);
          onTag(repo, FaultServer.error(500, "UNKNOWN", "injected"));
        },
        Expect.denied("registry_error", "mirror %e/f10/app: %cause"));
    row(
        "503 on every attempt",
        faults,
        repo -> {
          serveSigned(repo);
          onTag(repo, FaultServer.error(503, "UNAVAILABLE", "injected"));
        },
        Expect.denied("registry_error", "mirror %e/f11/app: %cause"));
    row(
        "503 twice, then the answer (retried)",
        faults,
        repo -> {
          serveSigned(repo);
          Behaviour ok =
              FaultServer.respond(
                  200,
                  Map.of(
                      "Content-Type",
                      image.mediaType(),
                      "Docker-Content-Digest",
                      image.digest().toString()),
                  image.bytes());
          onTag(repo, FaultServer.failTimes(2, 503, ok));
        },
        Expect.verified());
    row(
        "429 on every attempt",
        faults,
        repo -> {
          serveSigned(repo);
          onTag(repo, FaultServer.error(429, "TOOMANYREQUESTS", "slow down"));
        },
        Expect.denied("registry_error", "mirror %e/f13/app: %cause"));
    // Each auth row has a server of its own: a registry's challenge holds for its whole host.
    row(
        "401 Basic challenge without end (no credentials configured)",
        () -> basicAuth.authority(),
        repo -> {
          serveSigned(basicAuth, repo);
          Behaviour challenge =
              FaultServer.respond(
                  401, Map.of("WWW-Authenticate", "Basic realm=\"mirror\""), new byte[0]);
          basicAuth.on("GET", "/v2/", challenge);
          onTag(basicAuth, repo, challenge);
        },
        Expect.denied(
            "registry_error",
            "mirror %e/f14/app: %e requires Basic credentials and none are configured"),
        Expect.denied(
            "registry_error",
            "mirror %e/f14/app: %e requires Basic credentials and none are configured"));
    row(
        "401 Bearer whose token endpoint answers 401",
        () -> bearerAuth.authority(),
        repo -> {
          serveSigned(bearerAuth, repo);
          Behaviour challenge =
              FaultServer.respond(
                  401,
                  Map.of(
                      "WWW-Authenticate",
                      "Bearer realm=\"" + bearerAuth.origin() + "/token\",service=\"mirror\""),
                  new byte[0]);
          bearerAuth.on("GET", "/v2/", challenge);
          onTag(bearerAuth, repo, challenge);
          bearerAuth.on("GET", "/token", FaultServer.error(401, "UNAUTHORIZED", "no"));
        },
        Expect.denied(
            "registry_error",
            "mirror %e/f15/app: token endpoint https://%e/token refused an anonymous request (401)"),
        Expect.denied(
            "registry_error",
            "mirror %e/f15/app: token endpoint https://%e/token refused an anonymous request (401)"));
    row(
        "tag unknown at the mirror (404)",
        faults,
        repo -> {},
        Expect.denied("no_digest", "tag 1 not found at mirror %e/f16/app"),
        Expect.denied("no_digest", "%cause"));
    // --- content ---------------------------------------------------------------------------------
    row(
        "signature manifest bytes do not match its digest",
        faults,
        repo -> {
          serveSigned(repo);
          byte[] wrong = Arrays.copyOf(signature.bytes(), signature.bytes().length);
          wrong[wrong.length - 2] ^= 1;
          fault.on(
              "GET",
              sigTag(repo),
              FaultServer.respond(
                  200,
                  Map.of(
                      "Content-Type",
                      MediaTypes.OCI_MANIFEST,
                      "Docker-Content-Digest",
                      signature.digest().toString()),
                  wrong));
        },
        Expect.denied("registry_error", "%cause"),
        Expect.denied("registry_error", "%cause"));
    row(
        "signature payload bytes do not match their digest",
        faults,
        repo -> {
          serveSigned(repo);
          byte[] wrong = Arrays.copyOf(payload, payload.length);
          wrong[10] ^= 1;
          fault.on(
              "GET",
              path(repo, "blobs/" + Digest.sha256(payload)),
              FaultServer.respond(200, Map.of(), wrong));
        },
        Expect.denied("malformed", "%cause"),
        Expect.denied("malformed", "%cause"));
    row(
        "HEAD of the tag names an unsigned digest, GET serves the signed manifest",
        faults,
        repo -> {
          serveSigned(repo);
          fault.manifest(
              repo, unsigned.digest().toString(), unsigned.mediaType(), unsigned.bytes());
          fault.on(
              "HEAD",
              path(repo, "manifests/" + TAG),
              FaultServer.respond(
                  200,
                  Map.of(
                      "Content-Type",
                      unsigned.mediaType(),
                      "Docker-Content-Digest",
                      unsigned.digest().toString()),
                  new byte[0]));
        },
        Expect.denied("unsigned", "no signature found at the mirror"));
    row(
        "HEAD without Docker-Content-Digest: the manifest is fetched and hashed",
        faults,
        repo -> {
          serveSigned(repo);
          fault.on(
              "HEAD",
              path(repo, "manifests/" + TAG),
              FaultServer.respond(200, Map.of("Content-Type", image.mediaType()), new byte[0]));
        },
        Expect.verified());
    row(
        "malformed Docker-Content-Digest on the tag",
        faults,
        repo -> {
          serveSigned(repo);
          onTag(
              repo,
              FaultServer.respond(
                  200,
                  Map.of("Content-Type", image.mediaType(), "Docker-Content-Digest", "sha256:xyz"),
                  image.bytes()));
        },
        Expect.denied("registry_error", "mirror %e/f21/app: %cause"));
    row(
        "signature manifest of 8 MiB",
        faults,
        repo -> {
          serveSigned(repo);
          byte[] huge = new byte[8 * 1024 * 1024];
          Arrays.fill(huge, (byte) ' ');
          fault.on(
              "GET",
              sigTag(repo),
              FaultServer.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), huge));
        },
        Expect.denied("registry_error", "%cause"),
        Expect.denied("registry_error", "%cause"));
    row(
        "signature manifest is not JSON (its digest matches)",
        faults,
        repo -> {
          serveSigned(repo);
          byte[] html = "<html>mirror maintenance</html>".getBytes(StandardCharsets.UTF_8);
          fault.on(
              "GET",
              sigTag(repo),
              FaultServer.respond(
                  200,
                  Map.of(
                      "Content-Type",
                      MediaTypes.OCI_MANIFEST,
                      "Docker-Content-Digest",
                      Digest.sha256(html).toString()),
                  html));
        },
        Expect.denied("registry_error", "%cause"),
        Expect.denied("registry_error", "%cause"));
    // --- redirects ------------------------------------------------------------------------------
    row(
        "redirect loop on the signature manifest",
        faults,
        repo -> {
          serveSigned(repo);
          String sig = sigTag(repo);
          fault.on("GET", sig, FaultServer.redirect(sig));
        },
        Expect.denied("registry_error", "%cause"),
        Expect.denied("registry_error", "%cause"));
    row(
        "redirect to a host the hosts directory does not name",
        faults,
        repo -> {
          serveSigned(repo);
          fault.on(
              "GET",
              path(repo, "blobs/" + Digest.sha256(payload)),
              FaultServer.redirect("https://storage.invalid/blob"));
        },
        Expect.denied("registry_error", "%cause"),
        Expect.denied("registry_error", "%cause"));
    row(
        "redirect from https to http (the same host)",
        faults,
        repo -> {
          serveSigned(repo);
          plain.blob(repo, payload);
          fault.on(
              "GET",
              path(repo, "blobs/" + Digest.sha256(payload)),
              FaultServer.redirect(plain.origin() + path(repo, "blobs/" + Digest.sha256(payload))));
        },
        Expect.denied("registry_error", "%cause"),
        Expect.denied("registry_error", "%cause"));
    // --- TLS ------------------------------------------------------------------------------------
    row(
        "certificate of a CA the hosts.toml does not name",
        () -> otherCa.authority(),
        repo -> serveSigned(otherCa, repo),
        Expect.denied("registry_error", "mirror %e/f27/app: %cause"),
        Expect.denied("registry_error", "%cause"));
    row(
        "expired certificate",
        () -> expired.authority(),
        repo -> serveSigned(expired, repo),
        Expect.denied("registry_error", "mirror %e/f28/app: %cause"),
        Expect.denied("registry_error", "%cause"));
    row(
        "certificate for another host name",
        () -> noLoopbackName.authority(),
        repo -> serveSigned(noLoopbackName, repo),
        Expect.denied("registry_error", "mirror %e/f29/app: %cause"),
        Expect.denied("registry_error", "%cause"));
  }

  private static void onTag(String repo, Behaviour behaviour) {
    onTag(fault, repo, behaviour);
  }

  private static void onTag(FaultServer server, String repo, Behaviour behaviour) {
    String tag = path(repo, "manifests/" + TAG);
    server.on("HEAD", tag, behaviour).on("GET", tag, behaviour);
  }

  /** The path of the image's cosign {@code sha256-<hex>.sig} manifest, fetched by tag. */
  private static String sigTag(String repo) {
    return path(repo, "manifests/" + image.digest().tagFor("sig"));
  }

  private static void serveSigned(String repo) {
    serveSigned(fault, repo);
  }

  /** Serves the signed image, its {@code .sig} manifest and payload under {@code repo}. */
  private static void serveSigned(FaultServer server, String repo) {
    server.manifest(repo, TAG, image.mediaType(), image.bytes());
    server.manifest(repo, image.digest().toString(), image.mediaType(), image.bytes());
    server.manifest(repo, image.digest().tagFor("sig"), signature.mediaType(), signature.bytes());
    server.manifest(repo, signature.digest().toString(), signature.mediaType(), signature.bytes());
    server.blob(repo, payload);
  }

  static Stream<Fault> faults() {
    return FAULTS.stream();
  }

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(dir.resolve("pki"));
    TestPki stranger = TestPki.create(dir.resolve("stranger"));
    registry = RegistryServer.builder(pki, dir).start();
    fault = FaultServer.https(pki);
    plain = FaultServer.http();
    basicAuth = FaultServer.https(pki);
    bearerAuth = FaultServer.https(pki);
    otherCa = FaultServer.https(stranger.serverCert("stranger"));
    Instant now = Instant.now();
    expired =
        FaultServer.https(
            pki.serverCert(
                "expired", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
    noLoopbackName = FaultServer.https(pki.signingCert("mirror.example"));
    silent = FaultServer.silentListener();
    full = FaultServer.fullListener();
    refused = FaultServer.refusedAuthority();

    RegistryPusher push = registry.pusher();
    image = push.image("good/" + REPO, TAG, Format.OCI);
    unsigned = push.image("good/unsigned", TAG, Format.OCI);
    payload = CosignLayout.payload("good.example/" + REPO, image.digest());
    signature =
        new MirrorSignatures(push)
            .sig(
                "good/" + REPO, image.digest(), SignatureLayer.signed(TestKeys.P256, KEY, payload));

    rotated = push.image("rotated/" + REPO, TAG, Format.OCI);
    new MirrorSignatures(push)
        .sig(
            "rotated/" + REPO,
            rotated.digest(),
            SignatureLayer.signed(
                TestKeys.P256,
                NEXT_KEY,
                CosignLayout.payload("rotated.example/" + REPO, rotated.digest())));

    Path hosts = Files.createDirectories(dir.resolve("certs.d"));
    hostsToml(hosts, "good.example", registry.authority() + "/v2/good");
    hostsToml(hosts, "rotated.example", registry.authority() + "/v2/rotated");
    for (Fault f : FAULTS) {
      f.setup().accept(f.repo());
      hostsToml(hosts, f.id() + ".example", f.endpoint().get() + "/v2/" + f.id());
    }
    policy = dir.resolve("policy.yaml");
    Files.writeString(policy, policy(KEY));
    webhook =
        WebhookJar.launch(
                Map.of(
                    "airlock.policy.file", policy.toString(),
                    "airlock.policy.reload-interval", "1s",
                    "airlock.mirror.hosts-dir", hosts.toString()))
            .awaitListening();
  }

  private static void hostsToml(Path hostsDir, String host, String endpoint) throws Exception {
    Files.writeString(
        Files.createDirectories(hostsDir.resolve(host)).resolve("hosts.toml"),
        "[host.\"https://"
            + endpoint
            + "\"]\n  override_path = true\n  ca = \""
            + pki.caFile()
            + "\"\n");
  }

  private static String policy(KeyPair key) {
    return """
        apiVersion: airlock.dev/v1alpha1
        kind: AdmissionPolicy
        spec:
          rules:
            - name: faults
              images: ["127.0.0.1:*/**"]
              attestors: [{entries: [{keys: {publicKeys: "%s"}}]}]
        """
        .formatted(TestPolicies.yamlEscaped(TestKeys.pem(key.getPublic())));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c :
        new AutoCloseable[] {
          webhook,
          fault,
          plain,
          basicAuth,
          bearerAuth,
          otherCa,
          expired,
          noLoopbackName,
          silent,
          full,
          registry
        }) {
      if (c != null) {
        c.close();
      }
    }
  }

  // --- the matrix
  // ---------------------------------------------------------------------------------

  @Order(1)
  @Test
  void matrix_hasAtLeast25Faults() {
    assertThat(FAULTS).hasSizeGreaterThanOrEqualTo(25);
  }

  @Order(2)
  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void fault_answeredInsideTheDeadline(Fault f) throws Exception {
    String endpoint = f.endpoint().get();
    check(f, "mutate", f.image(), f.mutate(), endpoint);
    check(f, "validate", f.image() + "@" + image.digest(), f.validate(), endpoint);
  }

  private static void check(Fault f, String webhookName, String image, Expect expect, String e)
      throws Exception {
    Map<String, Double> before = ReviewCounts.scrape(webhook);
    JsonNode response = review("/" + webhookName, image);
    Map<String, Double> after = ReviewCounts.scrape(webhook);
    String decision = expect.allowed() ? "allowed" : "denied";
    assertThat(response.get("allowed").asBoolean())
        .as("%s %s: %s", f, webhookName, response)
        .isEqualTo(expect.allowed());
    assertThat(ReviewCounts.increase(before, after))
        .as("%s %s", f, webhookName)
        .containsExactly(Map.entry(ReviewCounts.key(webhookName, decision, expect.reason()), 1.0));
    if (expect.allowed()) {
      if (webhookName.equals("mutate")) {
        assertThat(WebhookCalls.patch(response))
            .containsExactly(
                "replace /spec/containers/0/image="
                    + f.image()
                    + "@"
                    + FaultMatrixIT.image.digest());
      }
      return;
    }
    String message = response.at("/status/message").asText();
    String prefix = "spec.containers[0].image: " + image + ": ";
    String expected = prefix + expect.message().replace("%e", e);
    if (expected.endsWith("%cause")) {
      String head = expected.substring(0, expected.length() - "%cause".length());
      assertThat(message).as("%s %s", f, webhookName).startsWith(head);
      assertThat(message.length())
          .as("%s %s: %s", f, webhookName, message)
          .isGreaterThan(head.length());
    } else {
      assertThat(message).as("%s %s", f, webhookName).isEqualTo(expected);
    }
  }

  // --- a mirror that never answers does not starve the others ----------------------------------

  @Order(3)
  @Test
  void hangingMirror_heldAdmissions_healthyMirrorStillAdmits() throws Exception {
    // 48 distinct tags at the mirror that never finishes a TLS handshake (f04): no coalescing,
    // each holds a request to that host until the deadline, or is refused at once by the
    // per-host bulkhead (airlock.registry.max-concurrent-per-host, 32).
    ExecutorService clients = Executors.newFixedThreadPool(48);
    List<Future<JsonNode>> held = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      String hanging = "f04.example/app:held-" + i;
      held.add(clients.submit(() -> review("/mutate", hanging)));
    }
    Thread.sleep(500);

    JsonNode healthy = review("/mutate", "good.example/app:1");

    assertThat(healthy.get("allowed").asBoolean()).as(healthy.toString()).isTrue();
    assertThat(WebhookCalls.patch(healthy))
        .containsExactly("replace /spec/containers/0/image=good.example/app:1@" + image.digest());
    for (int i = 0; i < held.size(); i++) {
      JsonNode response = held.get(i).get();
      String head = "spec.containers[0].image: f04.example/app:held-" + i + ": ";
      assertThat(response.get("allowed").asBoolean()).isFalse();
      assertThat(response.at("/status/message").asText())
          .satisfiesAnyOf(
              m -> assertThat(m).isEqualTo(head + TIMEOUT_MESSAGE),
              m ->
                  assertThat(m)
                      .startsWith(head + "mirror " + silent.authority() + "/f04/app: ")
                      .endsWith(
                          " requests already in flight to this host"
                              + " (airlock.registry.max-concurrent-per-host)"));
    }
    clients.shutdown();
  }

  // --- policy faults at run time ----------------------------------------------------------------

  @Order(4)
  @Test
  void policyBrokenAtRunTime_lastGoodPolicyKept() throws Exception {
    double errors = reloadErrors();
    Files.writeString(policy, "apiVersion: airlock.dev/v1alpha1\nkind: AdmissionPolicy\nspec: [");
    awaitReloadErrorsAbove(errors);

    assertLastGoodPolicyInForce();
    Files.writeString(policy, policy(KEY));
  }

  @Order(5)
  @Test
  void policyDeletedAtRunTime_lastGoodPolicyKept() throws Exception {
    double errors = reloadErrors();
    Files.delete(policy);
    awaitReloadErrorsAbove(errors);

    assertLastGoodPolicyInForce();
    Files.writeString(policy, policy(KEY));
  }

  @Order(6)
  @Test
  void keyRotated_oldSignatureDenied_newSignatureAdmitted() throws Exception {
    String old = "good.example/app:1";
    String next = "rotated.example/app:1";
    assertThat(review("/mutate", next).at("/status/message").asText())
        .isEqualTo("spec.containers[0].image: " + next + ": no signature by a trusted key");

    Files.writeString(policy, policy(NEXT_KEY));
    JsonNode admitted = awaitAllowed(next);
    JsonNode denied = review("/mutate", old);

    assertThat(WebhookCalls.patch(admitted))
        .containsExactly("replace /spec/containers/0/image=" + next + "@" + rotated.digest());
    assertThat(denied.at("/status/message").asText())
        .isEqualTo("spec.containers[0].image: " + old + ": no signature by a trusted key");
    Files.writeString(policy, policy(KEY));
    awaitAllowed(old);
  }

  private static void assertLastGoodPolicyInForce() throws Exception {
    JsonNode signed = review("/mutate", "good.example/app:1");
    JsonNode other = review("/mutate", "good.example/unsigned:1");
    assertThat(signed.get("allowed").asBoolean()).as(signed.toString()).isTrue();
    assertThat(other.at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: good.example/unsigned:1: no signature found at the mirror");
  }

  private static JsonNode awaitAllowed(String image) throws Exception {
    Instant limit = Instant.now().plusSeconds(20);
    JsonNode response;
    do {
      Thread.sleep(300);
      response = review("/mutate", image);
    } while (!response.get("allowed").asBoolean() && Instant.now().isBefore(limit));
    assertThat(response.get("allowed").asBoolean()).as(response.toString()).isTrue();
    return response;
  }

  private static double reloadErrors() throws Exception {
    HttpResponse<String> r = webhook.get("/q/metrics");
    return r.body()
        .lines()
        .filter(l -> l.startsWith("airlock_policy_reload_errors_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void awaitReloadErrorsAbove(double errors) throws Exception {
    Instant limit = Instant.now().plusSeconds(20);
    while (reloadErrors() <= errors && Instant.now().isBefore(limit)) {
      Thread.sleep(200);
    }
    assertThat(reloadErrors()).isGreaterThan(errors);
  }

  private static JsonNode review(String path, String image) throws Exception {
    // kube-apiserver gives up at its timeout: so does this client.
    return webhook.review(
        path + "?timeout=" + TIMEOUT.toSeconds() + "s",
        Reviews.bytes(Reviews.review("Pod", "default", image)),
        TIMEOUT);
  }
}
