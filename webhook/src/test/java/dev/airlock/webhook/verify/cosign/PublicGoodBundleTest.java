package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.cosign.VerifierFixture.attestor;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.route;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.policy.AttestorEntry;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.verify.VerificationFailure;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.bundle.Bundle;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Real Sigstore production material (sigstore-java's test data, see {@code
 * sigstore-public/NOTICE.md}): a DSSE bundle from a GitHub Actions workflow, verified offline
 * against a public-good trusted root file.
 */
class PublicGoodBundleTest {
  static final String ISSUER = "https://token.actions.githubusercontent.com";
  static final String SUBJECT =
      "https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main";

  /** The statement's subject ({@code a.txt}). */
  static final String SUBJECT_DIGEST =
      "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";

  static Path trustedRoot() throws Exception {
    return Path.of(
        PublicGoodBundleTest.class.getResource("sigstore-public/trusted_root.json").toURI());
  }

  static byte[] bundleBytes() throws Exception {
    try (InputStream in =
        PublicGoodBundleTest.class.getResourceAsStream(
            "sigstore-public/bundle.dsse.sigstore.json")) {
      return in.readAllBytes();
    }
  }

  static KeylessTrust trust(String subject) throws Exception {
    return KeylessTrust.compile(
        new AttestorEntry.Keyless(
            trustedRoot().toString(),
            List.of(
                new AttestorEntry.Identity(
                    Optional.of(ISSUER),
                    Optional.of(subject),
                    Optional.empty(),
                    Optional.empty()))),
        "keyless");
  }

  static void verify(KeylessTrust trust, byte[] json) throws Exception {
    Bundle bundle =
        Bundle.from(new InputStreamReader(new ByteArrayInputStream(json), StandardCharsets.UTF_8));
    KeylessBundleVerifier.verify(trust, bundle, DsseBundle.parse(json));
  }

  @Test
  void verify_productionBundleWithItsIdentity_passes() throws Exception {
    KeylessTrust trust = trust(SUBJECT);
    byte[] json = bundleBytes();
    assertThatCode(() -> verify(trust, json)).doesNotThrowAnyException();
  }

  @Test
  void verify_productionBundleWithOtherIdentity_throws() throws Exception {
    KeylessTrust trust =
        trust("https://github.com/someone/else/.github/workflows/x.yaml@refs/heads/main");
    byte[] json = bundleBytes();
    assertThatThrownBy(() -> verify(trust, json))
        .isInstanceOf(KeylessVerificationException.class)
        .hasMessage("certificate identity not accepted");
  }

  @Test
  void verify_productionBundleWithAlteredSignature_throws() throws Exception {
    KeylessTrust trust = trust(SUBJECT);
    String json = new String(bundleBytes(), StandardCharsets.UTF_8);
    String altered =
        json.replace(
            "\"sig\": \"MEUCIQDVGpVLsvEY3lps62cLGzmzgOVRcggySLpARNl9ZEjzrQIgJYViDku7E0JgYI2tODmMiqa5Xz9eELpTlpw/RpJdkWM=\"",
            "\"sig\": \"MEUCIQDVGpVLsvEY3lps62cLGzmzgOVRcggySLpARNl9ZEjzrQIgJYViDku7E0JgYI2tODmMiqa5Xz9eELpTlpw/RpJdkWQ=\"");
    assertThatThrownBy(() -> verify(trust, altered.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(KeylessVerificationException.class)
        .hasMessageStartingWith("DSSE signature is not valid");
  }

  @Test
  void verify_productionProvenanceAttestationAtMirror_isNotASignature() throws Exception {
    VerifierFixture fx = new VerifierFixture();
    Digest subject = Digest.parse(SUBJECT_DIGEST);
    fx.pushBundle(subject, bundleBytes());
    var rule =
        rule(
            SignedIdentity.ANY,
            attestor(1, VerifierFixture.keylessEntry(trustedRoot(), ISSUER, SUBJECT)));
    fx.assertDenied(
        route("registry.example/team/app:1.0", "mirror.internal/team/app"),
        subject,
        rule,
        VerificationFailure.UNSIGNED,
        "no signature found at the mirror");
  }
}
