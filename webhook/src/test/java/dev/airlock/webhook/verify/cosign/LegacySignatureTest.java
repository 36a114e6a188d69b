package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.cosign.VerifierFixture.digestOf;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.route;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.signed;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.SignatureLayer;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationFailure;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Legacy {@code sha256-<hex>.sig} signatures against key entries. */
class LegacySignatureTest {
  static final MirrorRoute ROUTE =
      route("registry.example/team/app:1.0", "mirror.internal/team/app");
  static final Digest IMAGE = digestOf("image");
  static final KeyPair KEY = TestKeys.P256.generate();
  static final KeyPair OTHER = TestKeys.P256.generate();

  final VerifierFixture fx = new VerifierFixture();

  static byte[] payload() {
    return CosignLayout.payload("registry.example/team/app", IMAGE);
  }

  @Test
  void verify_validP256Signature_passes() {
    fx.pushSig(IMAGE, signed(TestKeys.P256, KEY, payload()));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(KEY.getPublic()))).doesNotThrowAnyException();
  }

  @Test
  void verify_validLegacySignature_referrersNotAsked() throws Exception {
    fx.pushSig(IMAGE, signed(TestKeys.P256, KEY, payload()));
    fx.verify(ROUTE, IMAGE, rule(KEY.getPublic()));
    org.assertj.core.api.Assertions.assertThat(fx.registry.calls())
        .startsWith("resolve sha256-" + IMAGE.hex() + ".sig")
        .noneMatch(call -> call.startsWith("referrers"));
  }

  @Test
  void verify_noLegacySignature_referrersAsked() {
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.UNSIGNED,
        "no signature found at the mirror");
    org.assertj.core.api.Assertions.assertThat(fx.registry.calls())
        .containsExactly("resolve sha256-" + IMAGE.hex() + ".sig", "referrers " + IMAGE);
  }

  @Test
  void verify_validLegacySignatureAndBrokenReferrersApi_passes() throws Exception {
    fx.pushSig(IMAGE, signed(TestKeys.P256, KEY, payload()));
    fx.registry.failReferrersWith(
        new RegistryException(
            RegistryException.Kind.HTTP_STATUS, 500, java.util.List.of(), null, "HTTP 500", null));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(KEY.getPublic()))).doesNotThrowAnyException();
  }

  @Test
  void verify_untrustedLegacySignatureAndBrokenReferrersApi_error() {
    fx.pushSig(IMAGE, signed(TestKeys.P256, OTHER, payload()));
    fx.registry.failReferrersWith(
        new RegistryException(
            RegistryException.Kind.HTTP_STATUS, 500, java.util.List.of(), null, "HTTP 500", null));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.ERROR,
        "signature lookup at the mirror failed: HTTP 500");
  }

  @Test
  void verify_wrongKey_untrusted() {
    fx.pushSig(IMAGE, signed(TestKeys.P256, OTHER, payload()));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
  }

  @Test
  void verify_untrustedThenTrustedLayer_passes() {
    fx.pushSig(
        IMAGE, signed(TestKeys.P256, OTHER, payload()), signed(TestKeys.P256, KEY, payload()));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(KEY.getPublic()))).doesNotThrowAnyException();
  }

  @Test
  void verify_noSignature_unsigned() {
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.UNSIGNED,
        "no signature found at the mirror");
  }

  @Test
  void verify_signatureForAnotherDigest_unsignedForThisOne() {
    fx.pushSig(digestOf("other"), signed(TestKeys.P256, KEY, payload()));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.UNSIGNED,
        "no signature found at the mirror");
  }

  @Test
  void verify_payloadClaimsAnotherDigest_digestMismatch() {
    Digest other = digestOf("other");
    fx.pushSig(
        IMAGE,
        signed(TestKeys.P256, KEY, CosignLayout.payload("registry.example/team/app", other)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.DIGEST_MISMATCH,
        "trusted signature is for another digest: " + other);
  }

  @Test
  void verify_truncatedSignature_untrusted() {
    byte[] sig = TestKeys.P256.sign(KEY.getPrivate(), payload());
    String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(sig, sig.length - 8));
    fx.pushSig(IMAGE, new SignatureLayer(payload(), truncated));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
  }

  @Test
  void verify_badBase64_malformed() {
    fx.pushSig(IMAGE, new SignatureLayer(payload(), "not*base64!"));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature annotation is not base64");
  }

  @Test
  void verify_missingSignatureAnnotation_malformed() {
    fx.pushSig(IMAGE, new SignatureLayer(payload(), null));
    Digest layer = Digest.sha256(payload());
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature layer "
            + layer
            + " has no dev.cosignproject.cosign/signature annotation");
  }

  @Test
  void verify_wrongCriticalType_malformed() {
    byte[] payload =
        CosignLayout.payload("registry.example/team/app", IMAGE.toString(), "atomic container");
    fx.pushSig(IMAGE, signed(TestKeys.P256, KEY, payload));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature payload critical.type is \"atomic container\", want"
            + " \"cosign container image signature\"");
  }

  @Test
  void verify_signedPayloadNotJson_malformed() {
    byte[] payload = "not json".getBytes(StandardCharsets.UTF_8);
    fx.pushSig(IMAGE, signed(TestKeys.P256, KEY, payload));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature payload is not valid JSON");
  }

  @Test
  void verify_duplicateKeysInPayload_malformed() {
    String json =
        new String(payload(), StandardCharsets.UTF_8)
            .replace("\"optional\":null", "\"optional\":null,\"optional\":{}");
    fx.pushSig(IMAGE, signed(TestKeys.P256, KEY, json.getBytes(StandardCharsets.UTF_8)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature payload is not valid JSON");
  }

  @Test
  void verify_malformedLayerBesideValidOne_passes() {
    fx.pushSig(IMAGE, new SignatureLayer(payload(), "%%%"), signed(TestKeys.P256, KEY, payload()));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(KEY.getPublic()))).doesNotThrowAnyException();
  }

  @Test
  void verify_untrustedAndMalformedLayers_malformedIsMoreSpecific() {
    fx.pushSig(
        IMAGE, signed(TestKeys.P256, OTHER, payload()), new SignatureLayer(payload(), "%%%"));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature annotation is not base64");
  }

  @Test
  void verify_digestMismatchAndUntrusted_digestMismatchWins() {
    Digest other = digestOf("other");
    fx.pushSig(
        IMAGE,
        signed(TestKeys.P256, OTHER, payload()),
        signed(TestKeys.P256, KEY, CosignLayout.payload("registry.example/team/app", other)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.DIGEST_MISMATCH,
        "trusted signature is for another digest: " + other);
  }

  @Test
  void verify_payloadBlobMissingAtMirror_malformed() {
    fx.pushSig(IMAGE, signed(TestKeys.P256, KEY, payload()));
    Digest layer = Digest.sha256(payload());
    fx.registry.deleteBlob(layer);
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.MALFORMED,
        "malformed signature: signature layer " + layer + " is missing at the mirror");
  }

  @ParameterizedTest
  @EnumSource(TestKeys.class)
  void verify_eachKeyType_passes(TestKeys scheme) {
    KeyPair key = scheme.generate();
    fx.pushSig(IMAGE, signed(scheme, key, payload()));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(key.getPublic()))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(TestKeys.class)
  void verify_eachKeyTypeWithOtherKey_untrusted(TestKeys scheme) {
    fx.pushSig(IMAGE, signed(scheme, scheme.generate(), payload()));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(scheme.generate().getPublic()),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
  }

  @Test
  void verify_p384KeySignedWithSha256AsCosignDefault_passes() {
    KeyPair key = TestKeys.P384.generate();
    fx.pushSig(IMAGE, signed(TestKeys.P256, key, payload()));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(key.getPublic()))).doesNotThrowAnyException();
  }

  @Test
  void verify_pemWithSeveralKeys_anyKeyVerifies() {
    KeyPair ed = TestKeys.ED25519.generate();
    fx.pushSig(IMAGE, signed(TestKeys.ED25519, ed, payload()));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule(OTHER.getPublic(), ed.getPublic())))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_registryError_error() {
    fx.registry.failWith(
        new RegistryException(
            RegistryException.Kind.HTTP_STATUS, 503, java.util.List.of(), null, "HTTP 503", null));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.ERROR,
        "signature lookup at the mirror failed: HTTP 503");
  }

  @Test
  void verify_registryTimeout_error() {
    fx.pushSig(IMAGE, signed(TestKeys.P256, KEY, payload()));
    fx.registry.failWith(
        new RegistryException(RegistryException.Kind.TIMEOUT, null, "deadline passed"));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(KEY.getPublic()),
        VerificationFailure.ERROR,
        "signature lookup at the mirror timed out");
  }
}
