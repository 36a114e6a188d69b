package dev.airlock.webhook.verify.cosign;

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
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.SignatureLayer;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationFailure;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Attestor counts, several attestors, signedIdentity modes and multi-arch digests. */
class PolicyCombinationTest {
  static final KeyPair A = TestKeys.P256.generate();
  static final KeyPair B = TestKeys.P256.generate();
  static final KeyPair C = TestKeys.P256.generate();
  static final MirrorRoute ROUTE =
      route("registry.example/team/app:1.0", "mirror.internal/team/app");
  static final Digest IMAGE = digestOf("image");

  final VerifierFixture fx = new VerifierFixture();

  static SignatureLayer by(KeyPair key) {
    return signed(TestKeys.P256, key, CosignLayout.payload("registry.example/team/app", IMAGE));
  }

  @Test
  void verify_countTwoBothSigned_passes() {
    fx.pushSig(IMAGE, by(A), by(B));
    assertThatCode(
            () ->
                fx.verify(
                    ROUTE,
                    IMAGE,
                    rule(
                        SignedIdentity.ANY,
                        attestor(2, keyEntry(A.getPublic()), keyEntry(B.getPublic())))))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_countTwoOneSigned_untrustedWithTally() {
    fx.pushSig(IMAGE, by(A));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(SignedIdentity.ANY, attestor(2, keyEntry(A.getPublic()), keyEntry(B.getPublic()))),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key (1 of 2 required signers verified)");
  }

  @Test
  void verify_countTwoOneLayerByBothKeysOfOneEntry_doesNotCountTwice() {
    fx.pushSig(IMAGE, by(A), by(C));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(
            SignedIdentity.ANY,
            attestor(2, keyEntry(A.getPublic(), C.getPublic()), keyEntry(B.getPublic()))),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key (1 of 2 required signers verified)");
  }

  /** Entries → the signers that verified for each; the answer is how many distinct signers. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "A|A|1", // one signer cannot stand for two entries
        "A,B|B,C|2",
        "B,A|B|2", // entry 0 must move from B to A
        "A|B|2",
        "A,B|A,B|2",
        "A|A|1",
        "''|A|1",
        "A|''|1",
        "A,B,C|A|2",
      })
  void distinctSigners_matchesEntriesToDifferentSigners(String first, String second, int count) {
    java.util.function.Function<String, java.util.Set<String>> set =
        text ->
            text.isEmpty()
                ? java.util.Set.of()
                : new java.util.LinkedHashSet<>(List.of(text.split(",")));
    assertThat(AttestorEvaluation.distinctSigners(List.of(set.apply(first), set.apply(second))))
        .isEqualTo(count);
  }

  @Test
  void verify_countOneOfTwo_eitherSignerPasses() {
    fx.pushSig(IMAGE, by(B));
    assertThatCode(
            () ->
                fx.verify(
                    ROUTE,
                    IMAGE,
                    rule(
                        SignedIdentity.ANY,
                        attestor(1, keyEntry(A.getPublic()), keyEntry(B.getPublic())))))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_twoAttestorsBothSatisfied_passes() {
    fx.pushSig(IMAGE, by(A), by(B));
    assertThatCode(
            () ->
                fx.verify(
                    ROUTE,
                    IMAGE,
                    rule(
                        SignedIdentity.ANY,
                        attestor(1, keyEntry(A.getPublic())),
                        attestor(1, keyEntry(B.getPublic())))))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_twoAttestorsOneUnsatisfied_denied() {
    fx.pushSig(IMAGE, by(A));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(
            SignedIdentity.ANY,
            attestor(1, keyEntry(A.getPublic())),
            attestor(1, keyEntry(B.getPublic()))),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
  }

  @Test
  void verify_twoAttestorsFailingDifferently_mostSpecificReason() {
    Digest other = digestOf("other");
    fx.pushSig(
        IMAGE, signed(TestKeys.P256, B, CosignLayout.payload("registry.example/team/app", other)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(
            SignedIdentity.ANY,
            attestor(1, keyEntry(A.getPublic())),
            attestor(1, keyEntry(B.getPublic()))),
        VerificationFailure.DIGEST_MISMATCH,
        "trusted signature is for another digest: " + other);
  }

  @ParameterizedTest(name = "{0} pod={1} signed={2} -> {3}")
  @CsvSource({
    // mode,            pod image,                          mirror location,
    // docker-reference,                         passes
    "ANY,               registry.example/team/app:1.0,      mirror.internal/team/app,     quay.io/someone/else:9,                   true",
    "MATCH_REPOSITORY,  registry.example/team/app:1.0,      mirror.internal/team/app,     registry.example/team/app,                true",
    "MATCH_REPOSITORY,  registry.example/team/app:1.0,      mirror.internal/team/app,     registry.example/team/app:2.0,            true",
    "MATCH_REPOSITORY,  registry.example/team/app:1.0,      mirror.internal/team/app,     mirror.internal/team/app,                 true",
    "MATCH_REPOSITORY,  registry.example/team/app:1.0,      mirror.internal/team/app,     registry.example/team/other,              false",
    "MATCH_REPOSITORY,  registry.example/team/app:1.0,      mirror.internal/team/app,     registry.evil/team/app,                   false",
    "MATCH_REPOSITORY,  redis:7.2,                          mirror.internal/hub/library/redis, index.docker.io/library/redis,       true",
    "MATCH_REPOSITORY,  docker.io/library/redis:7.2,        mirror.internal/hub/library/redis, redis,                               true",
    "MATCH_REPOSITORY,  index.docker.io/library/redis:7.2,  mirror.internal/hub/library/redis, docker.io/library/redis:7.2,         true",
    "MATCH_REPOSITORY,  redis:7.2,                          mirror.internal/hub/library/redis, docker.io/library/valkey,            false",
    "MATCH_EXACT,       registry.example/team/app:1.0,      mirror.internal/team/app,     registry.example/team/app:1.0,            true",
    "MATCH_EXACT,       registry.example/team/app:1.0,      mirror.internal/team/app,     registry.example/team/app,                true",
    "MATCH_EXACT,       registry.example/team/app:1.0,      mirror.internal/team/app,     mirror.internal/team/app:1.0,             true",
    "MATCH_EXACT,       registry.example/team/app:1.0,      mirror.internal/team/app,     registry.example/team/app:2.0,            false",
    "MATCH_EXACT,       registry.example/team/app,          mirror.internal/team/app,     registry.example/team/app:latest,         true",
    "MATCH_EXACT,       registry.example/team/app,          mirror.internal/team/app,     registry.example/team/app:1.0,            false",
  })
  void verify_signedIdentity(
      SignedIdentity mode, String pod, String mirror, String reference, boolean passes) {
    MirrorRoute route = route(pod, mirror);
    fx.pushSig(IMAGE, signed(TestKeys.P256, A, CosignLayout.payload(reference, IMAGE)));
    var rule = rule(mode, attestor(1, keyEntry(A.getPublic())));
    if (passes) {
      assertThatCode(() -> fx.verify(route, IMAGE, rule)).doesNotThrowAnyException();
    } else {
      fx.assertDenied(
          route,
          IMAGE,
          rule,
          VerificationFailure.IDENTITY_MISMATCH,
          "trusted signature is for another image: " + reference);
    }
  }

  @Test
  void verify_matchExactReferenceWithOtherDigest_identityMismatch() {
    String reference = "registry.example/team/app@" + digestOf("other");
    fx.pushSig(IMAGE, signed(TestKeys.P256, A, CosignLayout.payload(reference, IMAGE)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(SignedIdentity.MATCH_EXACT, attestor(1, keyEntry(A.getPublic()))),
        VerificationFailure.IDENTITY_MISMATCH,
        "trusted signature is for another image: " + reference);
  }

  @Test
  void verify_identityMismatchOutranksUntrusted() {
    fx.pushSig(
        IMAGE,
        by(B),
        signed(TestKeys.P256, A, CosignLayout.payload("registry.example/x/y", IMAGE)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule(SignedIdentity.MATCH_REPOSITORY, attestor(1, keyEntry(A.getPublic()))),
        VerificationFailure.IDENTITY_MISMATCH,
        "trusted signature is for another image: registry.example/x/y");
  }

  @Test
  void verify_signatureOverIndex_coversPodNamingIndex() {
    Descriptor child =
        fx.registry.putManifest(List.of(), java.util.Optional.empty(), java.util.Optional.empty());
    Descriptor index = fx.registry.putIndex(List.of(child));
    fx.pushSig(
        index.digest(),
        signed(
            TestKeys.P256, A, CosignLayout.payload("registry.example/team/app", index.digest())));
    assertThatCode(() -> fx.verify(ROUTE, index.digest(), VerifierFixture.rule(A.getPublic())))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_signatureOnlyOverChild_doesNotCoverIndex() {
    Descriptor child =
        fx.registry.putManifest(List.of(), java.util.Optional.empty(), java.util.Optional.empty());
    Descriptor index = fx.registry.putIndex(List.of(child));
    fx.pushSig(
        child.digest(),
        signed(
            TestKeys.P256, A, CosignLayout.payload("registry.example/team/app", child.digest())));
    fx.assertDenied(
        ROUTE,
        index.digest(),
        VerifierFixture.rule(A.getPublic()),
        VerificationFailure.UNSIGNED,
        "no signature found at the mirror");
    assertThatCode(() -> fx.verify(ROUTE, child.digest(), VerifierFixture.rule(A.getPublic())))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_indexSignatureTagWhosePayloadNamesChild_digestMismatch() {
    Descriptor child =
        fx.registry.putManifest(List.of(), java.util.Optional.empty(), java.util.Optional.empty());
    Descriptor index = fx.registry.putIndex(List.of(child));
    fx.pushSig(
        index.digest(),
        signed(
            TestKeys.P256, A, CosignLayout.payload("registry.example/team/app", child.digest())));
    fx.assertDenied(
        ROUTE,
        index.digest(),
        VerifierFixture.rule(A.getPublic()),
        VerificationFailure.DIGEST_MISMATCH,
        "trusted signature is for another digest: " + child.digest());
  }
}
