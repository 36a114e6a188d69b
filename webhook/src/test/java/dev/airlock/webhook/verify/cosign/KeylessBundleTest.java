package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.cosign.VerifierFixture.attestor;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.digestOf;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.route;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.signed;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.policy.AttestorEntry;
import dev.airlock.webhook.policy.Rule;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.FakeSigstore;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationFailure;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cosign v3 keyless bundles verified offline against a local trusted root made by {@link
 * FakeSigstore} (Fulcio-like CA, CT log, Rekor-like log).
 */
class KeylessBundleTest {
  static final MirrorRoute ROUTE =
      route("registry.example/team/app:1.0", "mirror.internal/team/app");
  static final Digest IMAGE = digestOf("image");
  static final String ISSUER = "https://token.actions.githubusercontent.com";
  static final String SUBJECT =
      "https://github.com/example/app/.github/workflows/release.yml@refs/tags/v1.0";

  static FakeSigstore sigstore;
  static Path trustedRoot;

  final VerifierFixture fx = new VerifierFixture();

  @BeforeAll
  static void sigstore(@TempDir Path dir) throws Exception {
    sigstore = new FakeSigstore();
    trustedRoot = sigstore.writeTrustedRoot(dir);
  }

  static AttestorEntry keyless(AttestorEntry.Identity... identities) {
    return new AttestorEntry.Keyless(trustedRoot.toString(), List.of(identities));
  }

  static AttestorEntry.Identity exact(String issuer, String subject) {
    return new AttestorEntry.Identity(
        Optional.of(issuer), Optional.of(subject), Optional.empty(), Optional.empty());
  }

  static Rule keylessRule(AttestorEntry.Identity... identities) {
    return rule(SignedIdentity.ANY, attestor(1, keyless(identities)));
  }

  /** Denied as untrusted, and the underlying check says {@code cause}. */
  void assertUntrusted(Rule rule, String cause) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.verify(ROUTE, IMAGE, rule))
        .isInstanceOfSatisfying(
            dev.airlock.webhook.verify.VerificationException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.failure())
                  .isEqualTo(VerificationFailure.UNTRUSTED);
              org.assertj.core.api.Assertions.assertThat(e.getMessage())
                  .isEqualTo("no signature by a trusted identity");
              org.assertj.core.api.Assertions.assertThat(e.getCause())
                  .hasMessageStartingWith(cause);
            });
  }

  byte[] bundle(Digest subject, FakeSigstore.Options options) throws Exception {
    return sigstore.bundle(subject, DsseBundle.COSIGN_SIGN_PREDICATE, options);
  }

  @Test
  void verify_bundleFromTrustedIdentity_passes() throws Exception {
    fx.pushBundle(IMAGE, bundle(IMAGE, sigstore.defaults(SUBJECT, ISSUER)));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, keylessRule(exact(ISSUER, SUBJECT))))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_identityByRegExp_passes() throws Exception {
    fx.pushBundle(IMAGE, bundle(IMAGE, sigstore.defaults(SUBJECT, ISSUER)));
    var identity =
        new AttestorEntry.Identity(
            Optional.of(ISSUER),
            Optional.empty(),
            Optional.empty(),
            Optional.of("https://github\\.com/example/app/\\.github/workflows/.*"));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, keylessRule(identity))).doesNotThrowAnyException();
  }

  @Test
  void verify_emailSubject_passes() throws Exception {
    fx.pushBundle(
        IMAGE, bundle(IMAGE, sigstore.defaults("release@example.com", "https://accounts.example")));
    assertThatCode(
            () ->
                fx.verify(
                    ROUTE,
                    IMAGE,
                    keylessRule(exact("https://accounts.example", "release@example.com"))))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_otherSubject_untrusted() throws Exception {
    fx.pushBundle(
        IMAGE,
        bundle(
            IMAGE, sigstore.defaults("https://github.com/evil/app/wf.yml@refs/heads/x", ISSUER)));
    assertUntrusted(keylessRule(exact(ISSUER, SUBJECT)), "certificate identity not accepted");
  }

  @Test
  void verify_otherIssuer_untrusted() throws Exception {
    fx.pushBundle(IMAGE, bundle(IMAGE, sigstore.defaults(SUBJECT, "https://evil.example")));
    assertUntrusted(keylessRule(exact(ISSUER, SUBJECT)), "certificate identity not accepted");
  }

  @Test
  void verify_certificateFromUntrustedCa_untrusted() throws Exception {
    var options =
        new FakeSigstore.Options(SUBJECT, ISSUER, Instant.now(), false, TestKeys.P256.generate());
    fx.pushBundle(IMAGE, bundle(IMAGE, options));
    assertUntrusted(keylessRule(exact(ISSUER, SUBJECT)), "certificate not trusted");
  }

  @Test
  void verify_signedEntryTimestampNotByLog_untrusted() throws Exception {
    var options = new FakeSigstore.Options(SUBJECT, ISSUER, Instant.now(), true, sigstore.caKey);
    fx.pushBundle(IMAGE, bundle(IMAGE, options));
    assertUntrusted(
        keylessRule(exact(ISSUER, SUBJECT)), "log entry not verified: Entry SET was not valid");
  }

  @Test
  void verify_loggedAfterCertificateExpired_untrusted() throws Exception {
    var options =
        new FakeSigstore.Options(
            SUBJECT, ISSUER, Instant.now().plusSeconds(3600), false, sigstore.caKey);
    fx.pushBundle(IMAGE, bundle(IMAGE, options));
    assertUntrusted(
        keylessRule(exact(ISSUER, SUBJECT)),
        "log integrated time is outside the certificate validity");
  }

  @Test
  void verify_trustedBundleForAnotherDigest_digestMismatch() throws Exception {
    Digest other = digestOf("other");
    fx.pushBundle(IMAGE, bundle(other, sigstore.defaults(SUBJECT, ISSUER)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        keylessRule(exact(ISSUER, SUBJECT)),
        VerificationFailure.DIGEST_MISMATCH,
        "trusted signature is for another digest: " + other);
  }

  @Test
  void verify_attestationBundle_unsigned() throws Exception {
    fx.pushBundle(
        IMAGE,
        sigstore.bundle(
            IMAGE, "https://slsa.dev/provenance/v1", sigstore.defaults(SUBJECT, ISSUER)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        keylessRule(exact(ISSUER, SUBJECT)),
        VerificationFailure.UNSIGNED,
        "no signature found at the mirror");
  }

  @Test
  void verify_keyedLegacySignatureOnly_untrustedForKeylessEntry() {
    var key = TestKeys.P256.generate();
    fx.pushSig(
        IMAGE,
        signed(TestKeys.P256, key, CosignLayout.payload("registry.example/team/app", IMAGE)));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        keylessRule(exact(ISSUER, SUBJECT)),
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted identity");
  }

  @Test
  void verify_keyAndKeylessEntriesCountTwo_bothNeeded() throws Exception {
    var key = TestKeys.P256.generate();
    fx.pushBundle(IMAGE, bundle(IMAGE, sigstore.defaults(SUBJECT, ISSUER)));
    Rule rule =
        rule(
            SignedIdentity.ANY,
            attestor(
                2, keyless(exact(ISSUER, SUBJECT)), VerifierFixture.keyEntry(key.getPublic())));
    fx.assertDenied(
        ROUTE,
        IMAGE,
        rule,
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted key (1 of 2 required signers verified)");
    fx.pushSig(
        IMAGE,
        signed(TestKeys.P256, key, CosignLayout.payload("registry.example/team/app", IMAGE)));
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, rule)).doesNotThrowAnyException();
  }
}
