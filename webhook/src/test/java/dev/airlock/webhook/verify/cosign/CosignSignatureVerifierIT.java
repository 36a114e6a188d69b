package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.cosign.VerifierFixture.attestor;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.keyEntry;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.registry.http.HttpRegistryClient;
import dev.airlock.oci.testing.FreePorts;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.PlatformImage;
import dev.airlock.oci.testing.RegistryPusher.Pushed;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.oci.testing.TestRoutes;
import dev.airlock.webhook.policy.AttestorEntry;
import dev.airlock.webhook.policy.Rule;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.FakeSigstore;
import dev.airlock.webhook.testing.MirrorSignatures;
import dev.airlock.webhook.testing.SignatureLayer;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationException;
import dev.airlock.webhook.verify.VerificationFailure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier with the HTTP registry client against a real {@code docker-registry} over TLS:
 * signatures pushed in cosign's layouts (legacy {@code .sig} tag, OCI 1.1 bundle referrers through
 * the referrers tag schema, which distribution 2.8 serves as a plain tag).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CosignSignatureVerifierIT {
  static final String ISSUER = "https://token.actions.githubusercontent.com";
  static final String SUBJECT =
      "https://github.com/example/app/.github/workflows/release.yml@refs/tags/v1";

  final KeyPair key = TestKeys.P256.generate();
  final KeyPair other = TestKeys.P256.generate();
  TestPki pki;
  RegistryServer registry;
  RegistryPusher push;
  MirrorSignatures signatures;
  CosignSignatureVerifier verifier;
  FakeSigstore sigstore;
  Path trustedRoot;
  int repos;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    pki = TestPki.create(dir.resolve("pki"));
    registry = RegistryServer.builder(pki, dir).start();
    push = registry.pusher();
    signatures = new MirrorSignatures(push);
    verifier =
        new CosignSignatureVerifier(
            new HttpRegistryClient(
                RegistryClientOptions.defaults(),
                CredentialStore.ANONYMOUS,
                RegistryObserver.NONE));
    sigstore = new FakeSigstore();
    trustedRoot = sigstore.writeTrustedRoot(dir);
  }

  @AfterAll
  void stop() {
    registry.close();
  }

  /** A fresh repository per test, so signatures never leak between tests. */
  String repo() {
    return "team/app" + (++repos);
  }

  MirrorRoute route(String repo, String tag) {
    return TestRoutes.route(
        registry.authority() + "/" + repo + ":" + tag,
        TestRoutes.host(registry.origin(), List.of(pki.caFile())));
  }

  static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(30));
  }

  byte[] payload(String repo, Digest digest) {
    return CosignLayout.payload(registry.authority() + "/" + repo, digest);
  }

  void assertVerified(MirrorRoute route, Digest digest, Rule rule) {
    assertThatCode(() -> verifier.verify(route, digest, VerifierFixture.compiled(rule), deadline()))
        .doesNotThrowAnyException();
  }

  void assertDenied(
      MirrorRoute route, Digest digest, Rule rule, VerificationFailure failure, String message) {
    assertThatThrownBy(
            () -> verifier.verify(route, digest, VerifierFixture.compiled(rule), deadline()))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> {
              assertThat(e.getMessage()).as("cause %s", e.getCause()).isEqualTo(message);
              assertThat(e.failure()).isEqualTo(failure);
            });
  }

  @Test
  void legacySignature_valid_passes() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    signatures.sig(repo, image.digest(), signed(TestKeys.P256, key, payload(repo, image.digest())));
    assertVerified(route(repo, "1.0"), image.digest(), rule(key.getPublic()));
  }

  @Test
  void legacySignature_wrongKey_untrusted() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    signatures.sig(
        repo, image.digest(), signed(TestKeys.P256, other, payload(repo, image.digest())));
    assertDenied(
        route(repo, "1.0"),
        image.digest(),
        rule(key.getPublic()),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
  }

  @Test
  void legacySignature_untrustedThenTrustedLayer_passes() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.DOCKER);
    signatures.sig(
        repo,
        image.digest(),
        signed(TestKeys.P256, other, payload(repo, image.digest())),
        signed(TestKeys.P256, key, payload(repo, image.digest())));
    assertVerified(route(repo, "1.0"), image.digest(), rule(key.getPublic()));
  }

  @Test
  void legacySignature_payloadClaimsAnotherDigest_digestMismatch() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    Pushed another = push.image(repo, "2.0", Format.OCI);
    signatures.sig(
        repo, image.digest(), signed(TestKeys.P256, key, payload(repo, another.digest())));
    assertDenied(
        route(repo, "1.0"),
        image.digest(),
        rule(key.getPublic()),
        VerificationFailure.DIGEST_MISMATCH,
        "trusted signature is for another digest: " + another.digest());
  }

  @Test
  void legacySignature_tagMovedToUnsignedImage_newDigestUnsigned() throws Exception {
    String repo = repo();
    Pushed signedImage = push.image(repo, "1.0", Format.OCI);
    signatures.sig(
        repo,
        signedImage.digest(),
        signed(TestKeys.P256, key, payload(repo, signedImage.digest())));
    Pushed drifted = push.image(repo, "1.0", Format.OCI);
    MirrorRoute route = route(repo, "1.0");
    HttpRegistryClient client = HttpRegistryClient.anonymous();
    Digest resolved = client.resolve(route, "1.0", deadline()).orElseThrow().digest();
    assertThat(resolved).isEqualTo(drifted.digest());
    assertDenied(
        route,
        resolved,
        rule(key.getPublic()),
        VerificationFailure.UNSIGNED,
        "no signature found at the mirror");
    assertVerified(route, signedImage.digest(), rule(key.getPublic()));
  }

  @Test
  void legacySignature_truncated_untrusted() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    byte[] payload = payload(repo, image.digest());
    byte[] sig = TestKeys.P256.sign(key.getPrivate(), payload);
    signatures.sig(
        repo,
        image.digest(),
        new SignatureLayer(
            payload, Base64.getEncoder().encodeToString(Arrays.copyOf(sig, sig.length / 2))));
    assertDenied(
        route(repo, "1.0"),
        image.digest(),
        rule(key.getPublic()),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
  }

  @Test
  void legacySignature_badBase64_malformed() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    signatures.sig(repo, image.digest(), new SignatureLayer(payload(repo, image.digest()), "@@@"));
    assertDenied(
        route(repo, "1.0"),
        image.digest(),
        rule(key.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature annotation is not base64");
  }

  @Test
  void legacySignature_wrongCriticalType_malformed() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    byte[] payload =
        CosignLayout.payload(
            registry.authority() + "/" + repo, image.digest().toString(), "something else");
    signatures.sig(repo, image.digest(), signed(TestKeys.P256, key, payload));
    assertDenied(
        route(repo, "1.0"),
        image.digest(),
        rule(key.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature payload critical.type is \"something else\", want"
            + " \"cosign container image signature\"");
  }

  @Test
  void legacySignature_rsaPssAndEd25519Keys_pass() {
    for (TestKeys scheme : List.of(TestKeys.RSA_PKCS1, TestKeys.RSA_PSS, TestKeys.ED25519)) {
      String repo = repo();
      KeyPair pair = scheme.generate();
      Pushed image = push.image(repo, "1.0", Format.OCI);
      signatures.sig(repo, image.digest(), signed(scheme, pair, payload(repo, image.digest())));
      assertVerified(route(repo, "1.0"), image.digest(), rule(pair.getPublic()));
    }
  }

  @Test
  void legacySignature_matchExactWithUntaggedReference_passes() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    signatures.sig(repo, image.digest(), signed(TestKeys.P256, key, payload(repo, image.digest())));
    assertVerified(
        route(repo, "1.0"),
        image.digest(),
        rule(SignedIdentity.MATCH_EXACT, attestor(1, keyEntry(key.getPublic()))));
  }

  @Test
  void multiArch_signatureOverIndexCoversIndex_childOnlyDoesNot() {
    String repo = repo();
    Pushed amd64 = push.image(repo, "amd64", Format.OCI);
    Pushed arm64 = push.image(repo, "arm64", Format.OCI);
    Pushed index =
        push.index(
            repo,
            "multi",
            List.of(
                new PlatformImage("linux/amd64", amd64), new PlatformImage("linux/arm64", arm64)));
    signatures.sig(repo, amd64.digest(), signed(TestKeys.P256, key, payload(repo, amd64.digest())));
    assertDenied(
        route(repo, "multi"),
        index.digest(),
        rule(key.getPublic()),
        VerificationFailure.UNSIGNED,
        "no signature found at the mirror");
    signatures.sig(repo, index.digest(), signed(TestKeys.P256, key, payload(repo, index.digest())));
    assertVerified(route(repo, "multi"), index.digest(), rule(key.getPublic()));
  }

  @Test
  void bundleReferrer_keyed_passes() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    byte[] statement = CosignLayout.statement(image.digest(), DsseBundle.COSIGN_SIGN_PREDICATE);
    signatures.bundle(
        repo,
        image.descriptor(),
        CosignLayout.keyedBundle(
            statement, TestKeys.P256.sign(key.getPrivate(), CosignLayout.pae(statement))));
    assertVerified(route(repo, "1.0"), image.digest(), rule(key.getPublic()));
  }

  @Test
  void bundleReferrer_keyedByOtherKeyBesideValidLegacy_passes() {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    byte[] statement = CosignLayout.statement(image.digest(), DsseBundle.COSIGN_SIGN_PREDICATE);
    signatures.bundle(
        repo,
        image.descriptor(),
        CosignLayout.keyedBundle(
            statement, TestKeys.P256.sign(other.getPrivate(), CosignLayout.pae(statement))));
    assertDenied(
        route(repo, "1.0"),
        image.digest(),
        rule(key.getPublic()),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
    signatures.sig(repo, image.digest(), signed(TestKeys.P256, key, payload(repo, image.digest())));
    assertVerified(route(repo, "1.0"), image.digest(), rule(key.getPublic()));
  }

  @Test
  void bundleReferrer_keyless_passesForTrustedIdentityOnly() throws Exception {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    signatures.bundle(
        repo,
        image.descriptor(),
        sigstore.bundle(
            image.digest(), DsseBundle.COSIGN_SIGN_PREDICATE, sigstore.defaults(SUBJECT, ISSUER)));
    AttestorEntry.Identity good =
        new AttestorEntry.Identity(
            Optional.of(ISSUER), Optional.of(SUBJECT), Optional.empty(), Optional.empty());
    AttestorEntry.Identity wrong =
        new AttestorEntry.Identity(
            Optional.of(ISSUER),
            Optional.of("someone@example.com"),
            Optional.empty(),
            Optional.empty());
    assertVerified(route(repo, "1.0"), image.digest(), keyless(good));
    assertDenied(
        route(repo, "1.0"),
        image.digest(),
        keyless(wrong),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted identity");
  }

  @Test
  void legacyKeyless_trustedIdentity_passes() throws Exception {
    String repo = repo();
    Pushed image = push.image(repo, "1.0", Format.OCI);
    signatures.sig(
        repo,
        image.digest(),
        sigstore.legacyLayer(payload(repo, image.digest()), sigstore.defaults(SUBJECT, ISSUER)));
    assertVerified(
        route(repo, "1.0"),
        image.digest(),
        keyless(
            new AttestorEntry.Identity(
                Optional.of(ISSUER), Optional.of(SUBJECT), Optional.empty(), Optional.empty())));
  }

  Rule keyless(AttestorEntry.Identity identity) {
    return rule(
        SignedIdentity.ANY,
        attestor(1, new AttestorEntry.Keyless(trustedRoot.toString(), List.of(identity))));
  }

  @Test
  void mirrorUnreachable_error() throws Exception {
    int port = FreePorts.next();
    MirrorRoute route =
        TestRoutes.route(
            "127.0.0.1:" + port + "/team/gone:1.0",
            TestRoutes.host(URI.create("https://127.0.0.1:" + port), List.of(pki.caFile())));
    Digest digest = Digest.sha256("gone".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                verifier.verify(
                    route, digest, VerifierFixture.compiled(rule(key.getPublic())), deadline()))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(VerificationFailure.ERROR);
              assertThat(e.getMessage()).startsWith("signature lookup at the mirror failed: ");
            });
  }
}
