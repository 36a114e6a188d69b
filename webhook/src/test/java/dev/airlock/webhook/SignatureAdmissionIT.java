package dev.airlock.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.Pushed;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.ServedApp;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.FakeSigstore;
import dev.airlock.webhook.testing.MirrorSignatures;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.SignatureLayer;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.testing.TestPolicies;
import dev.airlock.webhook.testing.WebhookCalls;
import dev.airlock.webhook.testing.WebhookJar;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's signature matrix through the packaged webhook (production wiring: hosts.toml mirror
 * map, HTTP registry client, Cosign verifier) against a real {@code docker-registry}: every case
 * goes through {@code /mutate} (the tag as written) and {@code /validate} (the object pinned to the
 * digest at the mirror), asserting the exact answer and, from {@code /q/metrics}, the {@code
 * reason} of {@code airlock_admission_reviews_total} and the {@code result} of {@code
 * airlock_image_verifications_total}. Signatures are written by test code in cosign's layouts.
 *
 * <p>Images are named {@code up.example/<rule>/<case>:1.0}; {@code up.example} is mirrored at
 * {@code <registry>/up} ({@code override_path}), so each lives in registry repository {@code
 * up/<rule>/<case>}.
 */
class SignatureAdmissionIT {
  private static final String ISSUER = "https://token.actions.githubusercontent.com";
  private static final String SUBJECT =
      "https://github.com/example/app/.github/workflows/release.yml@refs/tags/v1";
  private static final String TAG = "1.0";

  @TempDir static Path dir;
  private static RegistryServer registry;
  private static ServedApp webhook;
  private static RegistryPusher push;
  private static MirrorSignatures signatures;

  private static final KeyPair KEY = TestKeys.P256.generate();
  private static final KeyPair OTHER = TestKeys.P256.generate();
  private static final KeyPair RSA = TestKeys.RSA_PKCS1.generate();
  private static final KeyPair ED25519 = TestKeys.ED25519.generate();

  /** The image pushed for each case, by its path under up.example (e.g. keyed/valid). */
  private static final Map<String, Pushed> IMAGES = new HashMap<>();

  private static Pushed claimedDigest;
  private static Pushed signedBeforeDrift;

  @BeforeAll
  static void start() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    registry = RegistryServer.builder(pki, dir).start();
    push = registry.pusher();
    signatures = new MirrorSignatures(push);
    FakeSigstore sigstore = new FakeSigstore();
    Path trustedRoot = sigstore.writeTrustedRoot(dir);

    sign("keyed/valid", legacy(TestKeys.P256, KEY));
    sign("keyed/wrong-key", legacy(TestKeys.P256, OTHER));
    sign("keyed/two-layers", legacy(TestKeys.P256, OTHER), legacy(TestKeys.P256, KEY));
    claimedDigest = push.image("up/keyed/digest-mismatch", "other", Format.OCI);
    Pushed mismatch = image("keyed/digest-mismatch");
    signatures.sig(
        "up/keyed/digest-mismatch",
        mismatch.digest(),
        SignatureLayer.signed(
            TestKeys.P256,
            KEY,
            CosignLayout.payload("up.example/keyed/digest-mismatch", claimedDigest.digest())));
    // Signed, then the tag moved to a new unsigned image (same repository, same tag).
    signedBeforeDrift = push.image("up/keyed/drift", TAG, Format.OCI);
    signatures.sig(
        "up/keyed/drift",
        signedBeforeDrift.digest(),
        SignatureLayer.signed(
            TestKeys.P256,
            KEY,
            CosignLayout.payload("up.example/keyed/drift", signedBeforeDrift.digest())));
    image("keyed/drift");
    Pushed truncated = image("keyed/truncated");
    byte[] truncatedPayload = payloadFor("keyed/truncated", truncated.digest());
    byte[] fullSignature = TestKeys.P256.sign(KEY.getPrivate(), truncatedPayload);
    signatures.sig(
        "up/keyed/truncated",
        truncated.digest(),
        new SignatureLayer(
            truncatedPayload,
            Base64.getEncoder()
                .encodeToString(Arrays.copyOf(fullSignature, fullSignature.length / 2))));
    Pushed badBase64 = image("keyed/bad-base64");
    signatures.sig(
        "up/keyed/bad-base64",
        badBase64.digest(),
        new SignatureLayer(payloadFor("keyed/bad-base64", badBase64.digest()), "@@@"));
    Pushed wrongType = image("keyed/wrong-type");
    signatures.sig(
        "up/keyed/wrong-type",
        wrongType.digest(),
        SignatureLayer.signed(
            TestKeys.P256,
            KEY,
            CosignLayout.payload(
                "up.example/keyed/wrong-type", wrongType.digest().toString(), "something else")));
    signBundle("up/keyed/bundle", image("keyed/bundle"));
    sign("rsa/app", legacy(TestKeys.RSA_PKCS1, RSA));
    sign("ed25519/app", legacy(TestKeys.ED25519, ED25519));
    Pushed keyless = image("keyless/app");
    signatures.bundle(
        "up/keyless/app",
        keyless.descriptor(),
        sigstore.bundle(
            keyless.digest(),
            CosignLayout.COSIGN_SIGN_PREDICATE,
            sigstore.defaults(SUBJECT, ISSUER)));
    Pushed renamed = image("identity/app");
    signatures.sig(
        "up/identity/app",
        renamed.digest(),
        SignatureLayer.signed(
            TestKeys.P256,
            KEY,
            CosignLayout.payload("up.example/identity/other", renamed.digest())));
    image("audit/app");
    // matchExact: the signature names tag 1.0; tag 2.0 is the same digest.
    Pushed exact = image("exact/app");
    push.manifest("up/exact/app", "2.0", exact.mediaType(), exact.bytes());
    signatures.sig(
        "up/exact/app",
        exact.digest(),
        SignatureLayer.signed(
            TestKeys.P256, KEY, CosignLayout.payload("up.example/exact/app:1.0", exact.digest())));
    // matchRepository through _default: a.example and b.example share one mirror location; the
    // signature names a.example only.
    Pushed shared = push.image("all/shared/app", TAG, Format.OCI);
    IMAGES.put("shared/app", shared);
    signatures.sig(
        "all/shared/app",
        shared.digest(),
        SignatureLayer.signed(
            TestKeys.P256, KEY, CosignLayout.payload("a.example/shared/app", shared.digest())));

    String mirror = registry.authority();
    Path fallback = Files.createDirectories(dir.resolve("certs.d/_default"));
    Files.writeString(
        fallback.resolve("hosts.toml"),
        "[host.\"https://"
            + mirror
            + "/v2/all\"]\n  override_path = true\n  ca = \""
            + registry.caFile()
            + "\"\n");
    Path hosts = Files.createDirectories(dir.resolve("certs.d/up.example"));
    Files.writeString(
        hosts.resolve("hosts.toml"),
        "[host.\"https://"
            + mirror
            + "/v2/up\"]\n  override_path = true\n  ca = \""
            + registry.caFile()
            + "\"\n");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, policy(mirror, trustedRoot));
    webhook =
        WebhookJar.launch(
                Map.of(
                    "airlock.policy.file", policy.toString(),
                    "airlock.mirror.hosts-dir", dir.resolve("certs.d").toString()))
            .awaitListening();
  }

  private static String policy(String mirror, Path trustedRoot) {
    return """
        apiVersion: airlock.dev/v1alpha1
        kind: AdmissionPolicy
        spec:
          rules:
            - name: keyed
              images: ["%1$s/up/keyed/**"]
              attestors: [{entries: [{keys: {publicKeys: "%2$s"}}]}]
            - name: rsa
              images: ["%1$s/up/rsa/**"]
              attestors: [{entries: [{keys: {publicKeys: "%3$s"}}]}]
            - name: ed25519
              images: ["%1$s/up/ed25519/**"]
              attestors: [{entries: [{keys: {publicKeys: "%4$s"}}]}]
            - name: keyless
              images: ["%1$s/up/keyless/**"]
              attestors:
                - entries:
                    - keyless:
                        trustedRoot: "%5$s"
                        identities: [{issuer: "%6$s", subject: "%7$s"}]
            - name: identity
              images: ["%1$s/up/identity/**"]
              signedIdentity: matchRepository
              attestors: [{entries: [{keys: {publicKeys: "%2$s"}}]}]
            - name: audit
              images: ["%1$s/up/audit/**"]
              mode: audit
              attestors: [{entries: [{keys: {publicKeys: "%2$s"}}]}]
            - name: exact
              images: ["%1$s/up/exact/**"]
              signedIdentity: matchExact
              attestors: [{entries: [{keys: {publicKeys: "%2$s"}}]}]
            - name: shared
              images: ["%1$s/all/shared/**"]
              signedIdentity: matchRepository
              attestors: [{entries: [{keys: {publicKeys: "%2$s"}}]}]
        """
        .formatted(
            mirror,
            pem(KEY),
            pem(RSA),
            pem(ED25519),
            TestPolicies.yamlEscaped(trustedRoot.toString()),
            ISSUER,
            SUBJECT);
  }

  private static String pem(KeyPair key) {
    return TestPolicies.yamlEscaped(TestKeys.pem(key.getPublic()));
  }

  private interface LayerFor {
    SignatureLayer layer(byte[] payload);
  }

  private static LayerFor legacy(TestKeys scheme, KeyPair key) {
    return payload -> SignatureLayer.signed(scheme, key, payload);
  }

  private static Pushed image(String path) {
    Pushed pushed = push.image("up/" + path, TAG, Format.OCI);
    IMAGES.put(path, pushed);
    return pushed;
  }

  /** Attaches a cosign v3 bundle by {@code KEY} over {@code image} in {@code repo} (referrers). */
  private static void signBundle(String repo, Pushed image) {
    byte[] statement = CosignLayout.statement(image.digest(), CosignLayout.COSIGN_SIGN_PREDICATE);
    signatures.bundle(
        repo,
        image.descriptor(),
        CosignLayout.keyedBundle(
            statement, TestKeys.P256.sign(KEY.getPrivate(), CosignLayout.pae(statement))));
  }

  /** Pushes {@code path}'s image and a {@code .sig} with one layer per signer over its payload. */
  private static void sign(String path, LayerFor... signers) {
    Pushed pushed = image(path);
    SignatureLayer[] layers =
        Arrays.stream(signers)
            .map(s -> s.layer(payloadFor(path, pushed.digest())))
            .toArray(SignatureLayer[]::new);
    signatures.sig("up/" + path, pushed.digest(), layers);
  }

  /** The simple-signing payload cosign writes when signing the upstream name. */
  private static byte[] payloadFor(String path, Digest digest) {
    return CosignLayout.payload("up.example/" + path, digest);
  }

  @AfterAll
  static void stop() throws Exception {
    if (webhook != null) {
      webhook.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  // --- the matrix -------------------------------------------------------------------------------

  @Test
  void validLegacySignature_allowedAndPinned() throws Exception {
    assertAllowed("keyed/valid");
  }

  /**
   * Issue 14: a new image signed in cosign's legacy layout costs three registry requests — the tag,
   * the {@code .sig} manifest by tag (no HEAD first) and the payload blob — and the referrers API
   * is not asked once a trusted legacy signature is found.
   */
  @Test
  void newLegacySignedImage_threeRegistryRequests() throws Exception {
    sign("keyed/three-requests", legacy(TestKeys.P256, KEY));
    Digest digest = IMAGES.get("keyed/three-requests").digest();
    registry.clearRequests();

    Answer mutate = call("/mutate", "up.example/keyed/three-requests:" + TAG);

    assertThat(mutate.allowed()).as(mutate.response().toString()).isTrue();
    assertThat(registry.requestsSoFar())
        .extracting(r -> r.method() + " " + r.path().replaceAll("sha256:[0-9a-f]{64}", "<digest>"))
        .containsExactly(
            "HEAD /v2/up/keyed/three-requests/manifests/" + TAG,
            "GET /v2/up/keyed/three-requests/manifests/" + digest.tagFor("sig"),
            "GET /v2/up/keyed/three-requests/blobs/<digest>");
  }

  /**
   * Issue 14: a new image signed with a cosign v3 bundle costs one request more the first time in a
   * repository (the {@code .sig} lookup finds nothing) than for the next new image there: the
   * verifier asks the referrers first where a bundle proved the last. distribution 2.8 has no
   * referrers API, so each referrers lookup is the API's 404 (which this registry does not log) and
   * the fallback tag {@code sha256-<hex>}: 6 requests, then 5; on a registry with the API, 5, then
   * 4.
   */
  @Test
  void newBundleSignedImages_fourRegistryRequestsOnceTheRepositoryIsKnown() throws Exception {
    List<Digest> digests = new ArrayList<>();
    for (String tag : List.of("b1", "b2")) {
      Pushed image = push.image("up/keyed/bundles", tag, Format.OCI);
      signBundle("up/keyed/bundles", image);
      digests.add(image.digest());
    }
    List<List<String>> requests = new ArrayList<>();
    for (String tag : List.of("b1", "b2")) {
      registry.clearRequests();
      Answer mutate = call("/mutate", "up.example/keyed/bundles:" + tag);
      assertThat(mutate.allowed()).as(mutate.response().toString()).isTrue();
      requests.add(
          registry.requestsSoFar().stream()
              .map(r -> r.method() + " " + r.path().replaceAll("sha256:[0-9a-f]{64}", "<digest>"))
              .toList());
    }

    assertThat(requests.get(0))
        .containsExactly(
            "HEAD /v2/up/keyed/bundles/manifests/b1",
            "GET /v2/up/keyed/bundles/manifests/" + digests.get(0).tagFor("sig"),
            "GET /v2/up/keyed/bundles/manifests/" + fallbackTag(digests.get(0)),
            "GET /v2/up/keyed/bundles/manifests/<digest>",
            "GET /v2/up/keyed/bundles/blobs/<digest>");
    assertThat(requests.get(1))
        .containsExactly(
            "HEAD /v2/up/keyed/bundles/manifests/b2",
            "GET /v2/up/keyed/bundles/manifests/" + fallbackTag(digests.get(1)),
            "GET /v2/up/keyed/bundles/manifests/<digest>",
            "GET /v2/up/keyed/bundles/blobs/<digest>");
  }

  /** The referrers fallback tag of {@code digest} (distribution spec 1.1). */
  private static String fallbackTag(Digest digest) {
    return digest.algorithm() + "-" + digest.hex();
  }

  @Test
  void signatureByAnotherKey_deniedUntrusted() throws Exception {
    assertDenied("keyed/wrong-key", "untrusted", "no signature by a trusted key");
  }

  @Test
  void untrustedLayerThenTrustedLayer_allowed() throws Exception {
    assertAllowed("keyed/two-layers");
  }

  @Test
  void payloadClaimsAnotherDigest_deniedDigestMismatch() throws Exception {
    assertDenied(
        "keyed/digest-mismatch",
        "digest_mismatch",
        "trusted signature is for another digest: " + claimedDigest.digest());
  }

  @Test
  void tagMovedToUnsignedImageAfterSigning_deniedUnsigned_signedDigestStillAllowed()
      throws Exception {
    assertThat(IMAGES.get("keyed/drift").digest()).isNotEqualTo(signedBeforeDrift.digest());
    assertDenied("keyed/drift", "unsigned", "no signature found at the mirror");

    String pinnedToSigned = "up.example/keyed/drift:1.0@" + signedBeforeDrift.digest();
    Answer answer = call("/validate", pinnedToSigned);
    assertThat(answer.allowed()).as(answer.response().toString()).isTrue();
    assertThat(answer.delta(reviews("validate", "allowed", "verified"))).isEqualTo(1);
  }

  @Test
  void truncatedSignature_deniedUntrusted() throws Exception {
    assertDenied("keyed/truncated", "untrusted", "no signature by a trusted key");
  }

  @Test
  void signatureNotBase64_deniedMalformed() throws Exception {
    assertDenied(
        "keyed/bad-base64", "malformed", "malformed signature: signature annotation is not base64");
  }

  @Test
  void payloadWithWrongCriticalType_deniedMalformed() throws Exception {
    assertDenied(
        "keyed/wrong-type",
        "malformed",
        "malformed signature: signature payload critical.type is \"something else\", want"
            + " \"cosign container image signature\"");
  }

  @Test
  void rsaKey_allowed() throws Exception {
    assertAllowed("rsa/app");
  }

  @Test
  void ed25519Key_allowed() throws Exception {
    assertAllowed("ed25519/app");
  }

  @Test
  void cosignV3KeyedBundleReferrer_allowed() throws Exception {
    assertAllowed("keyed/bundle");
  }

  @Test
  void cosignV3KeylessBundleAgainstTrustedRoot_allowed() throws Exception {
    assertAllowed("keyless/app");
  }

  @Test
  void matchRepositoryWithSignatureNamingAnotherRepository_deniedIdentityMismatch()
      throws Exception {
    assertDenied(
        "identity/app",
        "identity_mismatch",
        "trusted signature is for another image: up.example/identity/other");
  }

  @Test
  void auditRuleWithUnsignedImage_allowedWithWarning() throws Exception {
    String image = "up.example/audit/app:1.0";
    String pinned = image + "@" + IMAGES.get("audit/app").digest();
    for (String written : List.of(image, pinned)) {
      String path = written.equals(image) ? "/mutate" : "/validate";
      Answer answer = call(path, written);

      String warning =
          "audit: spec.containers[0].image: " + written + ": no signature found at the mirror";
      // kube-apiserver keeps at most 120 characters of a warning (AdmissionResponder.MAX_WARNING).
      String expected = warning.length() <= 120 ? warning : warning.substring(0, 117) + "...";
      assertThat(answer.allowed()).as(answer.response().toString()).isTrue();
      assertThat(WebhookCalls.warnings(answer.response())).as(path).containsExactly(expected);
      assertThat(WebhookCalls.patch(answer.response())).as(path).isEmpty();
      assertThat(answer.delta(reviews(path.substring(1), "allowed", "audit"))).isEqualTo(1);
      assertThat(answer.delta(verifications("unsigned"))).as(path).isEqualTo(1);
    }
  }

  /**
   * Regression (issue 12, finding 2): the verification cache ignored the pod's name, so after tag
   * 1.0 (which the signature names) was admitted, tag 2.0 of the same digest was admitted from the
   * cache although matchExact must refuse it.
   */
  @Test
  void matchExactSecondTagOfSameDigest_deniedAlthoughFirstTagIsCached() throws Exception {
    Digest digest = IMAGES.get("exact/app").digest();
    Answer first = call("/mutate", "up.example/exact/app:1.0");
    assertThat(first.allowed()).as(first.response().toString()).isTrue();

    for (String written :
        List.of("up.example/exact/app:2.0", "up.example/exact/app:2.0@" + digest)) {
      String path = written.contains("@") ? "/validate" : "/mutate";
      Answer second = call(path, written);

      assertThat(second.allowed()).as(path + " " + second.response()).isFalse();
      assertThat(second.response().at("/status/message").asText())
          .isEqualTo(
              "spec.containers[0].image: "
                  + written
                  + ": trusted signature is for another image: up.example/exact/app:1.0");
      assertThat(second.delta(verifications("identity_mismatch"))).isEqualTo(1);
    }
    Answer again = call("/validate", "up.example/exact/app:1.0@" + digest);
    assertThat(again.allowed()).isTrue();
    assertThat(again.delta(verificationCacheHits())).isEqualTo(1);
  }

  /**
   * Regression (issue 12, finding 2): through {@code _default}, two registries share one mirror
   * location; a pass for the name the signature carries was reused for the other name.
   */
  @Test
  void matchRepositoryOtherRegistrySharingTheMirrorLocation_deniedAfterTheSignedOneIsCached()
      throws Exception {
    Answer signed = call("/mutate", "a.example/shared/app:1.0");
    assertThat(signed.allowed()).as(signed.response().toString()).isTrue();

    Answer other = call("/mutate", "b.example/shared/app:1.0");

    assertThat(other.allowed()).as(other.response().toString()).isFalse();
    assertThat(other.response().at("/status/message").asText())
        .isEqualTo(
            "spec.containers[0].image: b.example/shared/app:1.0: trusted signature is for another"
                + " image: a.example/shared/app");
  }

  // --- assertions -------------------------------------------------------------------------------

  /**
   * /mutate of the tag: allowed and pinned; /validate of the pinned object: allowed. The
   * verification runs once: the second answer comes from the verification cache.
   */
  private static void assertAllowed(String path) throws Exception {
    String image = "up.example/" + path + ":" + TAG;
    Digest digest = IMAGES.get(path).digest();

    Answer mutate = call("/mutate", image);
    Answer validate = call("/validate", image + "@" + digest);

    assertThat(mutate.allowed()).as(mutate.response().toString()).isTrue();
    assertThat(WebhookCalls.patch(mutate.response()))
        .containsExactly("replace /spec/containers/0/image=" + image + "@" + digest);
    assertThat(mutate.delta(reviews("mutate", "allowed", "verified"))).isEqualTo(1);
    assertThat(mutate.delta(verifications("verified"))).isEqualTo(1);
    assertThat(validate.allowed()).as(validate.response().toString()).isTrue();
    assertThat(WebhookCalls.patch(validate.response())).isEmpty();
    assertThat(validate.delta(reviews("validate", "allowed", "verified"))).isEqualTo(1);
    assertThat(validate.delta(verifications("verified"))).isZero();
    assertThat(validate.delta(verificationCacheHits())).isEqualTo(1);
  }

  /** /mutate of the tag and /validate of the pinned object: both denied with {@code cause}. */
  private static void assertDenied(String path, String result, String cause) throws Exception {
    String image = "up.example/" + path + ":" + TAG;
    Digest digest = IMAGES.get(path).digest();
    for (String written : List.of(image, image + "@" + digest)) {
      String webhookName = written.equals(image) ? "mutate" : "validate";
      Answer answer = call("/" + webhookName, written);

      assertThat(answer.allowed()).as(answer.response().toString()).isFalse();
      assertThat(answer.response().at("/status/message").asText())
          .as(webhookName)
          .isEqualTo("spec.containers[0].image: " + written + ": " + cause);
      assertThat(answer.response().at("/status/code").asInt()).isEqualTo(403);
      assertThat(WebhookCalls.patch(answer.response())).isEmpty();
      assertThat(answer.delta(reviews(webhookName, "denied", result)))
          .as(webhookName + " reason")
          .isEqualTo(1);
      assertThat(answer.delta(verifications(result))).as(webhookName + " result").isEqualTo(1);
    }
  }

  // --- calls and metrics ------------------------------------------------------------------------

  /** An admission answer with the metrics scraped just before and just after the call. */
  private record Answer(JsonNode response, String before, String after) {
    boolean allowed() {
      return response.get("allowed").asBoolean();
    }

    double delta(Series series) {
      return series.sum(after) - series.sum(before);
    }
  }

  /** A metric name and the labels a series must carry (others ignored). */
  private record Series(String name, Map<String, String> labels) {
    double sum(String scrape) {
      double total = 0;
      for (String line : scrape.split("\n")) {
        if (line.startsWith("#") || !line.startsWith(name + "{")) {
          continue;
        }
        String series = line.substring(0, line.lastIndexOf(' '));
        if (labels.entrySet().stream()
            .allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return total;
    }
  }

  private static Series reviews(String webhookName, String decision, String reason) {
    return new Series(
        "airlock_admission_reviews_total",
        Map.of("webhook", webhookName, "decision", decision, "reason", reason));
  }

  private static Series verifications(String result) {
    return new Series("airlock_image_verifications_total", Map.of("result", result));
  }

  private static Series verificationCacheHits() {
    return new Series(
        "airlock_cache_requests_total", Map.of("cache", "verification", "result", "hit"));
  }

  private static Answer call(String path, String image) throws Exception {
    String before = scrape();
    JsonNode response =
        webhook.review(path, Reviews.bytes(Reviews.review("Pod", "default", image)));
    return new Answer(response, before, scrape());
  }

  private static String scrape() throws Exception {
    HttpResponse<String> r = webhook.get("/q/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
