package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.VerificationFailure.DIGEST_MISMATCH;
import static dev.airlock.webhook.verify.VerificationFailure.IDENTITY_MISMATCH;
import static dev.airlock.webhook.verify.VerificationFailure.MALFORMED;
import static dev.airlock.webhook.verify.VerificationFailure.UNSIGNED;
import static dev.airlock.webhook.verify.VerificationFailure.UNTRUSTED;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.Row.denied;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.Row.passes;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.attestor;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.digestOf;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.keyEntry;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.route;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.webhook.policy.Rule;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationException;
import dev.airlock.webhook.verify.VerificationFailure;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** cosign v3 bundles (OCI 1.1 referrers) signed with a key: one table of mirror states. */
class KeyedBundleTest {
  static final MirrorRoute ROUTE =
      route("registry.example/team/app:1.0", "mirror.internal/team/app");
  static final Digest IMAGE = digestOf("image");
  static final Digest OTHER_DIGEST = digestOf("other");
  static final KeyPair KEY = TestKeys.P256.generate();
  static final KeyPair OTHER = TestKeys.P256.generate();
  static final Rule TRUSTS_KEY = rule(KEY.getPublic());

  final VerifierFixture fx = new VerifierFixture();

  static byte[] bundle(TestKeys scheme, KeyPair key, Digest subject, String predicate) {
    byte[] statement = CosignLayout.statement(subject, predicate);
    return CosignLayout.keyedBundle(
        statement, scheme.sign(key.getPrivate(), CosignLayout.pae(statement)));
  }

  static byte[] bundle(KeyPair key, Digest subject) {
    return bundle(TestKeys.P256, key, subject, DsseBundle.COSIGN_SIGN_PREDICATE);
  }

  static Stream<VerifierFixture.Row> rows() {
    byte[] statement = CosignLayout.statement(IMAGE, DsseBundle.COSIGN_SIGN_PREDICATE);
    return Stream.of(
        passes(
            "a bundle and a legacy signature by another key: either suffices",
            fx -> {
              fx.pushSig(
                  IMAGE,
                  signed(
                      TestKeys.P256,
                      OTHER,
                      CosignLayout.payload("registry.example/team/app", IMAGE)));
              fx.pushBundle(IMAGE, bundle(KEY, IMAGE));
            },
            TRUSTS_KEY),
        denied(
            "bundle by another key",
            fx -> fx.pushBundle(IMAGE, bundle(OTHER, IMAGE)),
            TRUSTS_KEY,
            UNTRUSTED,
            "no signature by a trusted key"),
        denied(
            "bundle for another digest",
            fx -> fx.pushBundle(IMAGE, bundle(KEY, OTHER_DIGEST)),
            TRUSTS_KEY,
            DIGEST_MISMATCH,
            "trusted signature is for another digest: " + OTHER_DIGEST),
        denied(
            "an attestation bundle only",
            fx ->
                fx.pushBundle(
                    IMAGE, bundle(TestKeys.P256, KEY, IMAGE, "https://slsa.dev/provenance/v1")),
            TRUSTS_KEY,
            UNSIGNED,
            "no signature found at the mirror"),
        denied(
            "bundle not JSON",
            fx -> fx.pushBundle(IMAGE, "{".getBytes(StandardCharsets.UTF_8)),
            TRUSTS_KEY,
            MALFORMED,
            "malformed signature: signature bundle is not valid JSON"),
        denied(
            "bundle with a message signature only",
            fx ->
                fx.pushBundle(
                    IMAGE,
                    ("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
                            + "\"messageSignature\":{\"signature\":\"AAAA\"}}")
                        .getBytes(StandardCharsets.UTF_8)),
            TRUSTS_KEY,
            MALFORMED,
            "malformed signature: signature bundle has no DSSE envelope"),
        denied(
            "bundle under signedIdentity matchRepository",
            fx -> fx.pushBundle(IMAGE, bundle(KEY, IMAGE)),
            rule(SignedIdentity.MATCH_REPOSITORY, attestor(1, keyEntry(KEY.getPublic()))),
            IDENTITY_MISMATCH,
            "trusted signature names no docker-reference (signedIdentity matchRepository)"),
        denied(
            "bundle signature over the payload, not its PAE",
            fx ->
                fx.pushBundle(
                    IMAGE,
                    CosignLayout.keyedBundle(
                        statement, TestKeys.P256.sign(KEY.getPrivate(), statement))),
            TRUSTS_KEY,
            UNTRUSTED,
            "no signature by a trusted key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void verify(VerifierFixture.Row row) throws VerificationException {
    fx.check(ROUTE, IMAGE, row);
  }

  @Test
  void verify_repositoryLastProvedByABundle_asksTheReferrersFirst() throws Exception {
    Digest second = digestOf("second image of the repository");
    fx.pushBundle(IMAGE, bundle(KEY, IMAGE));
    fx.pushBundle(second, bundle(KEY, second));
    fx.verify(ROUTE, IMAGE, TRUSTS_KEY);
    fx.registry.clearCalls();

    fx.verify(ROUTE, second, TRUSTS_KEY);

    // no .sig lookup that finds nothing: one registry request less per new image
    assertThat(fx.registry.calls()).first().asString().startsWith("referrers " + second);
    assertThat(fx.registry.calls()).noneMatch(call -> call.contains(".sig"));
  }

  @Test
  void verify_hintForBundles_legacyStillSuffices() throws Exception {
    Digest legacyOnly = digestOf("legacy-signed later");
    fx.pushBundle(IMAGE, bundle(KEY, IMAGE));
    fx.pushSig(
        legacyOnly,
        signed(TestKeys.P256, KEY, CosignLayout.payload("registry.example/team/app", legacyOnly)));
    fx.verify(ROUTE, IMAGE, TRUSTS_KEY);

    // the hint changes the order only: the legacy signature is still found and verifies
    assertThatCode(() -> fx.verify(ROUTE, legacyOnly, TRUSTS_KEY)).doesNotThrowAnyException();
  }

  @Test
  void verify_hintForBundles_denialReadsAsWithoutIt() throws Exception {
    Digest unsigned = digestOf("unsigned later");
    fx.pushBundle(IMAGE, bundle(KEY, IMAGE));
    fx.verify(ROUTE, IMAGE, TRUSTS_KEY);

    fx.assertDenied(ROUTE, unsigned, TRUSTS_KEY, UNSIGNED, "no signature found at the mirror");
  }

  @Test
  void verify_sigLookupFailsButABundleProves_passesInEitherOrder() throws Exception {
    RegistryException http500 =
        new RegistryException(
            RegistryException.Kind.HTTP_STATUS, 500, java.util.List.of(), null, "HTTP 500", null);
    fx.registry.failCallsEndingWith(".sig", http500);
    fx.pushBundle(IMAGE, bundle(KEY, IMAGE));

    // legacy first (no hint): the .sig lookup error does not take the bundle's proof away
    fx.verify(ROUTE, IMAGE, TRUSTS_KEY);
    // and with the hint (bundles first) the verdict is the same
    Digest second = digestOf("second");
    fx.pushBundle(second, bundle(KEY, second));
    fx.verify(ROUTE, second, TRUSTS_KEY);
  }

  @Test
  void verify_referrersFailAndTheSigDoesNotProve_theLookupErrorIsTheDenial() {
    fx.registry.failReferrersWith(
        new RegistryException(
            RegistryException.Kind.HTTP_STATUS, 503, java.util.List.of(), null, "HTTP 503", null));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        TRUSTS_KEY,
        VerificationFailure.ERROR,
        "signature lookup at the mirror failed: HTTP 503");
  }

  @ParameterizedTest
  @EnumSource(TestKeys.class)
  void verify_bundleSignedByTrustedKey_passes(TestKeys scheme) {
    KeyPair key = scheme.generate();
    fx.pushBundle(IMAGE, bundle(scheme, key, IMAGE, DsseBundle.COSIGN_SIGN_PREDICATE));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(key.getPublic()))).doesNotThrowAnyException();
  }
}
