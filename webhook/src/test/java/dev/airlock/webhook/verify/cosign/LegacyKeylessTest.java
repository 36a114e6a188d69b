package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.cosign.VerifierFixture.attestor;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.digestOf;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.route;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.policy.AttestorEntry;
import dev.airlock.webhook.policy.Rule;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.FakeSigstore;
import dev.airlock.webhook.testing.SignatureLayer;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationException;
import dev.airlock.webhook.verify.VerificationFailure;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Legacy keyless {@code .sig} layers (cosign v2 keyless) verified offline. */
class LegacyKeylessTest {
  static final MirrorRoute ROUTE =
      route("registry.example/team/app:1.0", "mirror.internal/team/app");
  static final Digest IMAGE = digestOf("image");
  static final String ISSUER = "https://accounts.example";
  static final String SUBJECT = "release@example.com";

  static FakeSigstore sigstore;
  static Rule rule;

  final VerifierFixture fx = new VerifierFixture();

  @BeforeAll
  static void sigstore(@TempDir Path dir) throws Exception {
    sigstore = new FakeSigstore();
    Path root = sigstore.writeTrustedRoot(dir);
    rule =
        rule(SignedIdentity.ANY, attestor(1, VerifierFixture.keylessEntry(root, ISSUER, SUBJECT)));
  }

  static byte[] payload(Digest digest) {
    return CosignLayout.payload("registry.example/team/app", digest);
  }

  void assertUntrusted(String cause) {
    assertThatThrownBy(() -> fx.verify(ROUTE, IMAGE, rule))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(VerificationFailure.UNTRUSTED);
              assertThat(e.getMessage()).isEqualTo("no signature by a trusted identity");
              assertThat(e.getCause()).hasMessageStartingWith(cause);
            });
  }

  @Test
  void verify_legacyKeylessFromTrustedIdentity_passes() throws Exception {
    fx.pushSig(IMAGE, sigstore.legacyLayer(payload(IMAGE), sigstore.defaults(SUBJECT, ISSUER)));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule)).doesNotThrowAnyException();
  }

  static AttestorEntry keyless(Path root, Optional<String> subject, Optional<String> regExp) {
    return new AttestorEntry.Keyless(
        root.toString(),
        List.of(
            new AttestorEntry.Identity(Optional.of(ISSUER), subject, Optional.empty(), regExp)));
  }

  /**
   * Regression (issue 12, finding 3): {@code count: 2} counted entries, so one identity that both
   * entries accept passed alone. Two signatures by one identity are one signer.
   */
  @Test
  void verify_countTwoOneIdentitySigningTwice_deniedAsTooFewSigners(@TempDir Path dir)
      throws Exception {
    Path root = sigstore.writeTrustedRoot(dir);
    Rule two =
        rule(
            SignedIdentity.ANY,
            attestor(
                2,
                keyless(root, Optional.empty(), Optional.of(".*@example\\.com")),
                keyless(root, Optional.of(SUBJECT), Optional.empty())));
    fx.pushSig(
        IMAGE,
        sigstore.legacyLayer(payload(IMAGE), sigstore.defaults(SUBJECT, ISSUER)),
        sigstore.legacyLayer(payload(IMAGE), sigstore.defaults(SUBJECT, ISSUER)));

    assertThatThrownBy(() -> fx.verify(ROUTE, IMAGE, two))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(VerificationFailure.UNTRUSTED);
              assertThat(e.getMessage())
                  .isEqualTo("too few distinct trusted signers (1 of 2 required signers verified)");
            });
  }

  @Test
  void verify_countTwoTwoIdentities_passes(@TempDir Path dir) throws Exception {
    Path root = sigstore.writeTrustedRoot(dir);
    Rule two =
        rule(
            SignedIdentity.ANY,
            attestor(
                2,
                keyless(root, Optional.empty(), Optional.of(".*@example\\.com")),
                keyless(root, Optional.of(SUBJECT), Optional.empty())));
    // The release identity comes first, so the regexp entry takes it and must give it up.
    fx.pushSig(
        IMAGE,
        sigstore.legacyLayer(payload(IMAGE), sigstore.defaults(SUBJECT, ISSUER)),
        sigstore.legacyLayer(payload(IMAGE), sigstore.defaults("other@example.com", ISSUER)));

    assertThatCode(() -> fx.verify(ROUTE, IMAGE, two)).doesNotThrowAnyException();
  }

  @Test
  void verify_otherIdentity_untrusted() throws Exception {
    fx.pushSig(
        IMAGE, sigstore.legacyLayer(payload(IMAGE), sigstore.defaults("evil@example.com", ISSUER)));
    assertUntrusted("certificate identity not accepted");
  }

  @Test
  void verify_certificateFromOtherCa_untrusted() throws Exception {
    var options =
        new FakeSigstore.Options(SUBJECT, ISSUER, Instant.now(), false, TestKeys.P256.generate());
    fx.pushSig(IMAGE, sigstore.legacyLayer(payload(IMAGE), options));
    assertUntrusted("certificate not trusted");
  }

  @Test
  void verify_signedEntryTimestampByOtherKey_untrusted() throws Exception {
    var options = new FakeSigstore.Options(SUBJECT, ISSUER, Instant.now(), true, sigstore.caKey);
    fx.pushSig(IMAGE, sigstore.legacyLayer(payload(IMAGE), options));
    assertUntrusted("signed entry timestamp");
  }

  @Test
  void verify_loggedAfterCertificateExpired_untrusted() throws Exception {
    var options =
        new FakeSigstore.Options(
            SUBJECT, ISSUER, Instant.now().plusSeconds(3600), false, sigstore.caKey);
    fx.pushSig(IMAGE, sigstore.legacyLayer(payload(IMAGE), options));
    assertUntrusted("log integrated time is outside the certificate validity");
  }

  @Test
  void verify_noRekorBundle_untrusted() throws Exception {
    var layer = sigstore.legacyLayer(payload(IMAGE), sigstore.defaults(SUBJECT, ISSUER));
    Map<String, String> extra = new HashMap<>(layer.extra());
    extra.remove("dev.sigstore.cosign/bundle");
    fx.pushSig(IMAGE, new SignatureLayer(layer.payload(), layer.signature(), extra));
    assertUntrusted("no transparency log bundle annotation");
  }

  @Test
  void verify_rekorBundleOfAnotherSigning_untrusted() throws Exception {
    var layer = sigstore.legacyLayer(payload(IMAGE), sigstore.defaults(SUBJECT, ISSUER));
    var other = sigstore.legacyLayer(payload(IMAGE), sigstore.defaults(SUBJECT, ISSUER));
    Map<String, String> extra = new HashMap<>(layer.extra());
    extra.put("dev.sigstore.cosign/bundle", other.extra().get("dev.sigstore.cosign/bundle"));
    fx.pushSig(IMAGE, new SignatureLayer(layer.payload(), layer.signature(), extra));
    assertUntrusted("log entry records another signature");
  }

  @Test
  void verify_trustedLegacyKeylessForAnotherDigest_digestMismatch() throws Exception {
    Digest other = digestOf("other");
    fx.pushSig(IMAGE, sigstore.legacyLayer(payload(other), sigstore.defaults(SUBJECT, ISSUER)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule,
        VerificationFailure.DIGEST_MISMATCH,
        "trusted signature is for another digest: " + other);
  }

  @Test
  void verify_keylessLayerAgainstKeyEntry_untrusted() throws Exception {
    fx.pushSig(IMAGE, sigstore.legacyLayer(payload(IMAGE), sigstore.defaults(SUBJECT, ISSUER)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        VerifierFixture.rule(TestKeys.P256.generate().getPublic()),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key");
  }
}
