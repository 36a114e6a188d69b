package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.cosign.VerifierFixture.attestor;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.keyEntry;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.webhook.policy.AttestorEntry;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.policy.TrustMaterialException;
import dev.airlock.webhook.testing.FakeSigstore;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationFailure;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust material parsed once per rule; bad material is a policy error naming its field. */
class RuleTrustTest {
  static AttestorEntry pemEntry(String pem) {
    return new AttestorEntry.Keys(pem);
  }

  static void assertInvalid(AttestorEntry entry, String message) {
    assertThatThrownBy(() -> RuleTrust.compile(rule(SignedIdentity.ANY, attestor(1, entry))))
        .isInstanceOf(TrustMaterialException.class)
        .hasMessage(message);
  }

  @Test
  void compile_pemWithFourKeyTypes_parsesAllInOrder() throws Exception {
    String pem =
        TestKeys.pem(TestKeys.P256.generate().getPublic())
            + "comment lines between blocks are ignored\n"
            + TestKeys.pem(TestKeys.P384.generate().getPublic())
            + TestKeys.pem(TestKeys.RSA_PKCS1.generate().getPublic())
            + TestKeys.pem(TestKeys.ED25519.generate().getPublic());
    RuleTrust trust = RuleTrust.compile(rule(SignedIdentity.ANY, attestor(1, pemEntry(pem))));
    EntryTrust.KeyEntry entry = (EntryTrust.KeyEntry) trust.attestors().get(0).entries().get(0);
    assertThat(entry.keys())
        .extracting(TrustedKey::description)
        .containsExactly("ECDSA P-256", "ECDSA P-384", "RSA 2048", "Ed25519");
  }

  @Test
  void compile_rsaPkcs1Block_parses() throws Exception {
    var key = (java.security.interfaces.RSAPublicKey) TestKeys.RSA_PKCS1.generate().getPublic();
    byte[] pkcs1 =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getEncoded())
            .parsePublicKey()
            .getEncoded();
    String pem =
        "-----BEGIN RSA PUBLIC KEY-----\n"
            + java.util.Base64.getMimeEncoder().encodeToString(pkcs1)
            + "\n-----END RSA PUBLIC KEY-----\n";
    RuleTrust trust = RuleTrust.compile(rule(SignedIdentity.ANY, attestor(1, pemEntry(pem))));
    EntryTrust.KeyEntry entry = (EntryTrust.KeyEntry) trust.attestors().get(0).entries().get(0);
    assertThat(entry.keys()).extracting(TrustedKey::description).containsExactly("RSA 2048");
  }

  @Test
  void compile_noPemBlock_fails() {
    assertInvalid(
        pemEntry("just text"), "attestors[0].entries[0].keys.publicKeys: no PEM PUBLIC KEY block");
  }

  @Test
  void compile_corruptBase64InBlock_fails() {
    assertThatThrownBy(
            () ->
                RuleTrust.compile(
                    rule(
                        SignedIdentity.ANY,
                        attestor(
                            1,
                            pemEntry(
                                "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n")))))
        .isInstanceOf(TrustMaterialException.class)
        .hasMessageStartingWith("attestors[0].entries[0].keys.publicKeys: key 1: ");
  }

  @Test
  void compile_unsupportedCurve_fails() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "BC");
    generator.initialize(new ECGenParameterSpec("secp256k1"));
    assertInvalid(
        pemEntry(TestKeys.pem(generator.generateKeyPair().getPublic())),
        "attestors[0].entries[0].keys.publicKeys: key 1: unsupported elliptic curve (want P-256,"
            + " P-384 or P-521)");
  }

  @Test
  void compile_shortRsaKey_fails() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    assertInvalid(
        pemEntry(TestKeys.pem(generator.generateKeyPair().getPublic())),
        "attestors[0].entries[0].keys.publicKeys: key 1: RSA key of 1024 bits is too short (want"
            + " at least 2048)");
  }

  @Test
  void compile_secondKeyUnsupported_namesIt() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("DSA");
    generator.initialize(2048);
    assertInvalid(
        pemEntry(
            TestKeys.pem(TestKeys.P256.generate().getPublic())
                + TestKeys.pem(generator.generateKeyPair().getPublic())),
        "attestors[0].entries[0].keys.publicKeys: key 2: unsupported key type 1.2.840.10040.4.1"
            + " (want ECDSA P-256/P-384/P-521, RSA or Ed25519)");
  }

  @Test
  void compile_privateKeyPastedInsteadOfPublic_fails() {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder()
                .encodeToString(TestKeys.P256.generate().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    assertInvalid(
        pemEntry(pem),
        "attestors[0].entries[0].keys.publicKeys: key 1: not a PUBLIC KEY block (PrivateKeyInfo)");
  }

  @Test
  void compile_countAboveEntries_fails() {
    assertThatThrownBy(
            () ->
                RuleTrust.compile(
                    rule(
                        SignedIdentity.ANY,
                        attestor(2, keyEntry(TestKeys.P256.generate().getPublic())))))
        .isInstanceOf(TrustMaterialException.class)
        .hasMessage("attestors[0].count: 2 is not between 1 and the number of entries (1)");
  }

  @Test
  void compile_keyRepeatedInAnotherEntryOfTheAttestor_fails() {
    var a = TestKeys.P256.generate().getPublic();
    var b = TestKeys.P256.generate().getPublic();
    assertThatThrownBy(
            () ->
                RuleTrust.compile(
                    rule(SignedIdentity.ANY, attestor(1, keyEntry(a, b), keyEntry(b)))))
        .isInstanceOf(TrustMaterialException.class)
        .hasMessage(
            "attestors[0].entries[1]: a key of this entry is also in entries[0] of the same"
                + " attestor; each entry must stand for a different signer");
  }

  @Test
  void compile_keyRepeatedWithinOneEntry_isOneSigner() throws Exception {
    var a = TestKeys.P256.generate().getPublic();
    assertThat(RuleTrust.compile(rule(SignedIdentity.ANY, attestor(1, keyEntry(a, a)))).attestors())
        .hasSize(1);
  }

  @Test
  void compile_keylessTrustedRootMissing_fails(@TempDir Path dir) {
    Path missing = dir.resolve("trusted_root.json");
    assertInvalid(
        new AttestorEntry.Keyless(missing.toString(), List.of()),
        "attestors[0].entries[0].keyless.trustedRoot: no such file: " + missing);
  }

  @Test
  void compile_keylessTrustedRootNotJson_fails(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("trusted_root.json");
    java.nio.file.Files.writeString(root, "not json");
    assertThatThrownBy(
            () ->
                RuleTrust.compile(
                    rule(
                        SignedIdentity.ANY,
                        attestor(1, new AttestorEntry.Keyless(root.toString(), List.of())))))
        .isInstanceOf(TrustMaterialException.class)
        .hasMessageStartingWith(
            "attestors[0].entries[0].keyless.trustedRoot: unusable trusted root " + root);
  }

  @Test
  void verify_ruleWithoutCosignTrust_errorNotSuccess() throws Exception {
    // A rule whose trust was not compiled by RuleTrust (allowUnsigned, a wiring bug) is denied.
    VerifierFixture fx = new VerifierFixture();
    fx.assertDenied(
        VerifierFixture.route("registry.example/a:1", "mirror.internal/a"),
        VerifierFixture.digestOf("x"),
        new dev.airlock.webhook.policy.CompiledRule(
            rule(
                SignedIdentity.ANY,
                attestor(1, pemEntry(TestKeys.pem(TestKeys.P256.generate().getPublic())))),
            dev.airlock.webhook.policy.Trust.UNSIGNED),
        VerificationFailure.ERROR,
        "rule \"test\" has no Cosign trust material");
  }

  static String fingerprint(dev.airlock.webhook.policy.Rule rule) throws Exception {
    return RuleTrust.compile(rule).fingerprint();
  }

  @Test
  void fingerprint_sameKeysReformatted_unchanged() throws Exception {
    var a = TestKeys.P256.generate().getPublic();
    String pem = TestKeys.pem(a);
    String reformatted = "\n\n" + pem.replace("\n", "\r\n") + "\n";
    assertThat(fingerprint(rule(SignedIdentity.ANY, attestor(1, pemEntry(pem)))))
        .isEqualTo(fingerprint(rule(SignedIdentity.ANY, attestor(1, pemEntry(reformatted)))))
        .hasSize(64);
  }

  @Test
  void fingerprint_keyAddedOrRevoked_changes() throws Exception {
    var a = TestKeys.P256.generate().getPublic();
    var b = TestKeys.P256.generate().getPublic();
    String one = fingerprint(rule(SignedIdentity.ANY, attestor(1, keyEntry(a))));
    String two = fingerprint(rule(SignedIdentity.ANY, attestor(1, keyEntry(a, b))));
    String other = fingerprint(rule(SignedIdentity.ANY, attestor(1, keyEntry(b))));
    assertThat(List.of(one, two, other)).doesNotHaveDuplicates();
  }

  @Test
  void fingerprint_signedIdentityOrCount_changes() throws Exception {
    var a = TestKeys.P256.generate().getPublic();
    var b = TestKeys.P256.generate().getPublic();
    assertThat(
            List.of(
                fingerprint(rule(SignedIdentity.ANY, attestor(1, keyEntry(a), keyEntry(b)))),
                fingerprint(rule(SignedIdentity.ANY, attestor(2, keyEntry(a), keyEntry(b)))),
                fingerprint(
                    rule(SignedIdentity.MATCH_EXACT, attestor(1, keyEntry(a), keyEntry(b))))))
        .doesNotHaveDuplicates();
  }

  @Test
  void fingerprint_trustedRootContentChanged_changes(@TempDir Path dir) throws Exception {
    FakeSigstore first = new FakeSigstore();
    Path root = first.writeTrustedRoot(dir);
    var identity =
        new AttestorEntry.Identity(
            Optional.of("https://issuer"),
            Optional.of("a@b.c"),
            Optional.empty(),
            Optional.empty());
    var rule =
        rule(
            SignedIdentity.ANY,
            attestor(1, new AttestorEntry.Keyless(root.toString(), List.of(identity))));
    String before = fingerprint(rule);
    new FakeSigstore().writeTrustedRoot(dir);
    assertThat(fingerprint(rule)).isNotEqualTo(before);
  }

  @Test
  void compile_keylessIdentityWithoutSubject_fails(@TempDir Path dir) throws Exception {
    Path root = new FakeSigstore().writeTrustedRoot(dir);
    var identity =
        new AttestorEntry.Identity(
            Optional.of("https://issuer"), Optional.empty(), Optional.empty(), Optional.empty());
    assertInvalid(
        new AttestorEntry.Keyless(root.toString(), List.of(identity)),
        "attestors[0].entries[0].keyless.identities[0]: subject or subjectRegExp is required");
  }

  @Test
  void compile_keylessBadRegExp_fails(@TempDir Path dir) throws Exception {
    Path root = new FakeSigstore().writeTrustedRoot(dir);
    var identity =
        new AttestorEntry.Identity(
            Optional.of("https://issuer"), Optional.empty(), Optional.empty(), Optional.of("(("));
    assertThatThrownBy(
            () ->
                RuleTrust.compile(
                    rule(
                        SignedIdentity.ANY,
                        attestor(
                            1, new AttestorEntry.Keyless(root.toString(), List.of(identity))))))
        .isInstanceOf(TrustMaterialException.class)
        .hasMessageStartingWith("attestors[0].entries[0].keyless.identities[0].subjectRegExp: ");
  }
}
