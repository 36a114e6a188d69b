package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.cosign.VerifierFixture.attestor;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.digestOf;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.keyEntry;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.route;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.signed;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationFailure;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** cosign v3 bundles (OCI 1.1 referrers) signed with a key. */
class KeyedBundleTest {
  static final MirrorRoute ROUTE =
      route("registry.example/team/app:1.0", "mirror.internal/team/app");
  static final Digest IMAGE = digestOf("image");
  static final KeyPair KEY = TestKeys.P256.generate();
  static final KeyPair OTHER = TestKeys.P256.generate();

  final VerifierFixture fx = new VerifierFixture();

  static byte[] bundle(TestKeys scheme, KeyPair key, Digest subject, String predicate) {
    byte[] statement = CosignLayout.statement(subject, predicate);
    return CosignLayout.keyedBundle(
        statement, scheme.sign(key.getPrivate(), CosignLayout.pae(statement)));
  }

  static byte[] bundle(KeyPair key, Digest subject) {
    return bundle(TestKeys.P256, key, subject, DsseBundle.COSIGN_SIGN_PREDICATE);
  }

  @ParameterizedTest
  @EnumSource(TestKeys.class)
  void verify_bundleSignedByTrustedKey_passes(TestKeys scheme) {
    KeyPair key = scheme.generate();
    fx.pushBundle(IMAGE, bundle(scheme, key, IMAGE, DsseBundle.COSIGN_SIGN_PREDICATE));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(key.getPublic()))).doesNotThrowAnyException();
  }

  @Test
  void verify_bundleByOtherKey_untrusted() {
    fx.pushBundle(IMAGE, bundle(OTHER, IMAGE));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
  }

  @Test
  void verify_bundleForAnotherDigest_digestMismatch() {
    Digest other = digestOf("other");
    fx.pushBundle(IMAGE, bundle(KEY, other));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.DIGEST_MISMATCH,
        "trusted signature is for another digest: " + other);
  }

  @Test
  void verify_attestationBundleOnly_unsigned() {
    fx.pushBundle(IMAGE, bundle(TestKeys.P256, KEY, IMAGE, "https://slsa.dev/provenance/v1"));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.UNSIGNED,
        "no signature found at the mirror");
  }

  @Test
  void verify_bundleNotJson_malformed() {
    fx.pushBundle(IMAGE, "{".getBytes(StandardCharsets.UTF_8));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature bundle is not valid JSON");
  }

  @Test
  void verify_bundleWithMessageSignatureOnly_malformed() {
    fx.pushBundle(
        IMAGE,
        ("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
                + "\"messageSignature\":{\"signature\":\"AAAA\"}}")
            .getBytes(StandardCharsets.UTF_8));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature bundle has no DSSE envelope");
  }

  @Test
  void verify_bundleAndLegacyBothPresent_eitherSuffices() {
    fx.pushSig(
        IMAGE,
        signed(TestKeys.P256, OTHER, CosignLayout.payload("registry.example/team/app", IMAGE)));
    fx.pushBundle(IMAGE, bundle(KEY, IMAGE));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(KEY.getPublic()))).doesNotThrowAnyException();
  }

  @Test
  void verify_bundleWithMatchRepository_identityMismatch() {
    fx.pushBundle(IMAGE, bundle(KEY, IMAGE));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(SignedIdentity.MATCH_REPOSITORY, attestor(1, keyEntry(KEY.getPublic()))),
        VerificationFailure.IDENTITY_MISMATCH,
        "trusted signature names no docker-reference (signedIdentity matchRepository)");
  }

  @Test
  void verify_bundleSignatureOverPayloadNotPae_untrusted() {
    byte[] statement = CosignLayout.statement(IMAGE, DsseBundle.COSIGN_SIGN_PREDICATE);
    fx.pushBundle(
        IMAGE,
        CosignLayout.keyedBundle(statement, TestKeys.P256.sign(KEY.getPrivate(), statement)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
  }
}
