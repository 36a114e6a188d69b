package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.VerificationFailure.DIGEST_MISMATCH;
import static dev.airlock.webhook.verify.VerificationFailure.ERROR;
import static dev.airlock.webhook.verify.VerificationFailure.MALFORMED;
import static dev.airlock.webhook.verify.VerificationFailure.UNSIGNED;
import static dev.airlock.webhook.verify.VerificationFailure.UNTRUSTED;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.Row.denied;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.Row.passes;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.digestOf;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.route;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.webhook.policy.Rule;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.SignatureLayer;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Legacy {@code sha256-<hex>.sig} signatures against key entries: one table of mirror states. */
class LegacySignatureTest {
  static final MirrorRoute ROUTE =
      route("registry.example/team/app:1.0", "mirror.internal/team/app");
  static final Digest IMAGE = digestOf("image");
  static final Digest OTHER_DIGEST = digestOf("other");
  static final KeyPair KEY = TestKeys.P256.generate();
  static final KeyPair OTHER = TestKeys.P256.generate();
  static final KeyPair ED25519 = TestKeys.ED25519.generate();
  static final KeyPair P384 = TestKeys.P384.generate();
  static final Rule TRUSTS_KEY = rule(KEY.getPublic());
  static final RegistryException HTTP_500 = status(500);

  final VerifierFixture fx = new VerifierFixture();

  static byte[] payload() {
    return CosignLayout.payload("registry.example/team/app", IMAGE);
  }

  static SignatureLayer byKey() {
    return signed(TestKeys.P256, KEY, payload());
  }

  static SignatureLayer byOther() {
    return signed(TestKeys.P256, OTHER, payload());
  }

  static SignatureLayer byKeyOver(byte[] payload) {
    return signed(TestKeys.P256, KEY, payload);
  }

  static RegistryException status(int code) {
    return new RegistryException(
        RegistryException.Kind.HTTP_STATUS, code, List.of(), null, "HTTP " + code, null);
  }

  static Stream<VerifierFixture.Row> rows() {
    byte[] signature = TestKeys.P256.sign(KEY.getPrivate(), payload());
    String truncated =
        Base64.getEncoder().encodeToString(Arrays.copyOf(signature, signature.length - 8));
    byte[] duplicateKeys =
        new String(payload(), StandardCharsets.UTF_8)
            .replace("\"optional\":null", "\"optional\":null,\"optional\":{}")
            .getBytes(StandardCharsets.UTF_8);
    Digest layer = Digest.sha256(payload());
    String trustedForOther = "trusted signature is for another digest: " + OTHER_DIGEST;
    return Stream.of(
        passes("valid P-256 signature", fx -> fx.pushSig(IMAGE, byKey()), TRUSTS_KEY),
        passes(
            "valid signature, referrers API broken",
            fx -> {
              fx.pushSig(IMAGE, byKey());
              fx.registry.failReferrersWith(HTTP_500);
            },
            TRUSTS_KEY),
        passes(
            "untrusted layer, then a trusted one",
            fx -> fx.pushSig(IMAGE, byOther(), byKey()),
            TRUSTS_KEY),
        passes(
            "malformed layer beside a valid one",
            fx -> fx.pushSig(IMAGE, new SignatureLayer(payload(), "%%%"), byKey()),
            TRUSTS_KEY),
        passes(
            "P-384 key signed with SHA-256 (cosign's default)",
            fx -> fx.pushSig(IMAGE, signed(TestKeys.P256, P384, payload())),
            rule(P384.getPublic())),
        passes(
            "a PEM with several keys: any key verifies",
            fx -> fx.pushSig(IMAGE, signed(TestKeys.ED25519, ED25519, payload())),
            rule(OTHER.getPublic(), ED25519.getPublic())),
        denied(
            "untrusted signature, referrers API broken",
            fx -> {
              fx.pushSig(IMAGE, byOther());
              fx.registry.failReferrersWith(HTTP_500);
            },
            TRUSTS_KEY,
            ERROR,
            "signature lookup at the mirror failed: HTTP 500"),
        denied(
            "signed by another key",
            fx -> fx.pushSig(IMAGE, byOther()),
            TRUSTS_KEY,
            UNTRUSTED,
            "no signature by a trusted key"),
        denied("no signature", fx -> {}, TRUSTS_KEY, UNSIGNED, "no signature found at the mirror"),
        denied(
            "a signature for another digest only",
            fx -> fx.pushSig(OTHER_DIGEST, byKey()),
            TRUSTS_KEY,
            UNSIGNED,
            "no signature found at the mirror"),
        denied(
            "payload claims another digest",
            fx ->
                fx.pushSig(
                    IMAGE,
                    byKeyOver(CosignLayout.payload("registry.example/team/app", OTHER_DIGEST))),
            TRUSTS_KEY,
            DIGEST_MISMATCH,
            trustedForOther),
        denied(
            "truncated signature",
            fx -> fx.pushSig(IMAGE, new SignatureLayer(payload(), truncated)),
            TRUSTS_KEY,
            UNTRUSTED,
            "no signature by a trusted key"),
        denied(
            "signature annotation not base64",
            fx -> fx.pushSig(IMAGE, new SignatureLayer(payload(), "not*base64!")),
            TRUSTS_KEY,
            MALFORMED,
            "malformed signature: signature annotation is not base64"),
        denied(
            "signature annotation missing",
            fx -> fx.pushSig(IMAGE, new SignatureLayer(payload(), null)),
            TRUSTS_KEY,
            MALFORMED,
            "malformed signature: signature layer "
                + layer
                + " has no dev.cosignproject.cosign/signature annotation"),
        denied(
            "critical.type of another kind",
            fx ->
                fx.pushSig(
                    IMAGE,
                    byKeyOver(
                        CosignLayout.payload(
                            "registry.example/team/app", IMAGE.toString(), "atomic container"))),
            TRUSTS_KEY,
            MALFORMED,
            "malformed signature: signature payload critical.type is \"atomic container\", want"
                + " \"cosign container image signature\""),
        denied(
            "signed payload not JSON",
            fx -> fx.pushSig(IMAGE, byKeyOver("not json".getBytes(StandardCharsets.UTF_8))),
            TRUSTS_KEY,
            MALFORMED,
            "malformed signature: signature payload is not valid JSON"),
        denied(
            "a key twice in the payload",
            fx -> fx.pushSig(IMAGE, byKeyOver(duplicateKeys)),
            TRUSTS_KEY,
            MALFORMED,
            "malformed signature: signature payload is not valid JSON"),
        denied(
            "untrusted and malformed layers: malformed is more specific",
            fx -> fx.pushSig(IMAGE, byOther(), new SignatureLayer(payload(), "%%%")),
            TRUSTS_KEY,
            MALFORMED,
            "malformed signature: signature annotation is not base64"),
        denied(
            "digest mismatch and untrusted: digest mismatch wins",
            fx ->
                fx.pushSig(
                    IMAGE,
                    byOther(),
                    byKeyOver(CosignLayout.payload("registry.example/team/app", OTHER_DIGEST))),
            TRUSTS_KEY,
            DIGEST_MISMATCH,
            trustedForOther),
        denied(
            "payload blob missing at the mirror",
            fx -> {
              fx.pushSig(IMAGE, byKey());
              fx.registry.deleteBlob(layer);
            },
            TRUSTS_KEY,
            MALFORMED,
            "malformed signature: signature layer " + layer + " is missing at the mirror"),
        denied(
            "registry answers 503",
            fx -> fx.registry.failWith(status(503)),
            TRUSTS_KEY,
            ERROR,
            "signature lookup at the mirror failed: HTTP 503"),
        denied(
            "registry times out",
            fx -> {
              fx.pushSig(IMAGE, byKey());
              fx.registry.failWith(
                  new RegistryException(RegistryException.Kind.TIMEOUT, null, "deadline passed"));
            },
            TRUSTS_KEY,
            ERROR,
            "signature lookup at the mirror timed out"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void verify(VerifierFixture.Row row) throws VerificationException {
    fx.check(ROUTE, IMAGE, row);
  }

  @Test
  void verify_validLegacySignature_referrersNotAsked() throws Exception {
    fx.pushSig(IMAGE, byKey());
    fx.verify(ROUTE, IMAGE, TRUSTS_KEY);
    assertThat(fx.registry.calls())
        .startsWith("resolve sha256-" + IMAGE.hex() + ".sig")
        .noneMatch(call -> call.startsWith("referrers"));
  }

  @Test
  void verify_noLegacySignature_referrersAsked() {
    fx.assertDenied(ROUTE, IMAGE, TRUSTS_KEY, UNSIGNED, "no signature found at the mirror");
    assertThat(fx.registry.calls())
        .containsExactly("resolve sha256-" + IMAGE.hex() + ".sig", "referrers " + IMAGE);
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
        UNTRUSTED,
        "no signature by a trusted key");
  }
}
