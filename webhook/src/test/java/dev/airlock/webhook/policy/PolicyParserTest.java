package dev.airlock.webhook.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.webhook.testing.FakeSigstore;
import dev.airlock.webhook.testing.TestPolicies;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParserTest {
  private static final String HEAD = "apiVersion: airlock.dev/v1alpha1\nkind: AdmissionPolicy\n";
  private static final String KEY = quoted(TestPolicies.PUBLIC_KEY);

  /** A real P-224 public key: valid PEM and DER, but a curve cosign does not sign with. */
  private static final String P224_KEY =
      """
      -----BEGIN PUBLIC KEY-----
      ME4wEAYHKoZIzj0CAQYFK4EEACEDOgAE4qAVjQFwgxqtjnp0mpumdplydxpcGdX0
      Vtc8OLe+0TPvQUZpZ4dmzs2js7YWGrugkXe2wSgPnaU=
      -----END PUBLIC KEY-----
      """;

  /** A real 1024-bit RSA public key: below the 2048-bit minimum. */
  private static final String RSA_1024_KEY =
      """
      -----BEGIN PUBLIC KEY-----
      MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDQOy71uYvmyJARFwptcQ79P2dg
      QsBp//cBHeXaDQM9pmkH8ieTaZnM1TH/bb+2+XBYnukjvzkNjefTKWnpwQOHAhDP
      LIEkraUGjNJgUcViEMGg9ZhOY16Ogsws5J8xbgLomkWQHQ4SEJhNB5MmkwDIbug6
      2ciSO2wLGtndyPYkHwIDAQAB
      -----END PUBLIC KEY-----
      """;

  private final PolicyParser parser =
      new PolicyParser(dev.airlock.webhook.verify.cosign.RuleTrust::compile);

  private static String quoted(String pem) {
    return "\"" + TestPolicies.yamlEscaped(pem) + "\"";
  }

  private Policy parse(String yaml) throws PolicyException {
    return parser.parse(yaml, "policy.yaml");
  }

  @Test
  void parse_minimalRule_takesDocumentedDefaults() throws Exception {
    Policy policy =
        parse(
            HEAD
                + "spec:\n  rules:\n    - name: r\n      images: [\"m/**\"]\n      attestors:\n"
                + "        - entries: [{keys: {publicKeys: "
                + KEY
                + "}}]\n");

    assertThat(policy.unmatchedImages()).isEqualTo(Action.DENY);
    assertThat(policy.unmirroredImages()).isEqualTo(Action.DENY);
    assertThat(policy.excludeNamespaces()).isEmpty();
    Rule rule = policy.rules().get(0).rule();
    assertThat(rule.namespaces()).isEmpty();
    assertThat(rule.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(rule.mutateDigest()).isTrue();
    assertThat(rule.verifyDigest()).isTrue();
    assertThat(rule.signedIdentity()).isEqualTo(SignedIdentity.ANY);
    assertThat(rule.attestors()).hasSize(1);
    assertThat(rule.attestors().get(0).count()).isEqualTo(1);
    assertThat(rule.allowUnsigned()).isFalse();
  }

  /** Regression (issue 12, finding 3): {@code attestors: []} admitted unsigned images. */
  @Test
  void parse_emptyAttestors_isRefused() {
    assertThatThrownBy(() -> parse(HEAD + "spec: {rules: [{name: a, images: [x], attestors: []}]}"))
        .isInstanceOf(PolicyException.class)
        .hasMessage(
            "policy.yaml: spec.rules[0].attestors: must list at least one attestor (to pin digests"
                + " without checking signatures, set allowUnsigned: true instead)");
  }

  @Test
  void parse_allowUnsigned_isTheExplicitOptOut() throws Exception {
    Rule rule =
        parse(HEAD + "spec: {rules: [{name: a, images: [x], allowUnsigned: true}]}")
            .rules()
            .get(0)
            .rule();

    assertThat(rule.allowUnsigned()).isTrue();
    assertThat(rule.attestors()).isEmpty();
  }

  @Test
  void parse_allowUnsignedWithAttestors_isRefused() {
    assertThatThrownBy(
            () ->
                parse(
                    HEAD
                        + "spec: {rules: [{name: a, images: [x], allowUnsigned: true, attestors:"
                        + " [{entries: [{keys: {publicKeys: "
                        + KEY
                        + "}}]}]}]}"))
        .hasMessage(
            "policy.yaml: spec.rules[0].allowUnsigned: true admits images without checking"
                + " signatures; remove it or the attestors");
  }

  @Test
  void parse_allowUnsignedFalse_stillNeedsAttestors() {
    assertThatThrownBy(
            () -> parse(HEAD + "spec: {rules: [{name: a, images: [x], allowUnsigned: false}]}"))
        .hasMessage("policy.yaml: spec.rules[0].attestors: required");
  }

  /**
   * Regression (issue 12, finding 3): {@code count: 2} over two entries holding the same key passed
   * with one signature.
   */
  @Test
  void parse_sameKeyInTwoEntriesOfOneAttestor_isRefused() {
    assertThatThrownBy(
            () ->
                parse(
                    HEAD
                        + "spec: {rules: [{name: a, images: [x], attestors: [{count: 2, entries:"
                        + " [{keys: {publicKeys: "
                        + KEY
                        + "}}, {keys: {publicKeys: "
                        + KEY
                        + "}}]}]}]}"))
        .hasMessage(
            "policy.yaml: spec.rules[0].attestors[0].entries[1]: a key of this entry is also in"
                + " entries[0] of the same attestor; each entry must stand for a different signer");
  }

  @Test
  void parse_sameKeyInTwoAttestors_isAllowed() throws Exception {
    String entry = "{entries: [{keys: {publicKeys: " + KEY + "}}]}";
    Policy policy =
        parse(
            HEAD
                + "spec: {rules: [{name: a, images: [x], attestors: ["
                + entry
                + ", "
                + entry
                + "]}]}");

    assertThat(policy.rules().get(0).rule().attestors()).hasSize(2);
  }

  /** A second YAML document would silently be ignored by a reader of the first one only. */
  @Test
  void parse_moreThanOneDocument_isRefused() {
    assertThatThrownBy(
            () ->
                parse(
                    HEAD
                        + "spec: {unmatchedImages: deny}\n---\n"
                        + HEAD
                        + "spec: {unmatchedImages: allow}\n"))
        .hasMessage("policy.yaml: the file must hold exactly one YAML document");
  }

  @Test
  void parse_noSpec_deniesEverything() throws Exception {
    Policy policy = parse(HEAD);

    assertThat(policy.rules()).isEmpty();
    assertThat(policy.unmatchedImages()).isEqualTo(Action.DENY);
    assertThat(policy.unmirroredImages()).isEqualTo(Action.DENY);
  }

  @Test
  void parse_fullRule_readsEveryField(@TempDir Path dir) throws Exception {
    Path trustedRoot = new FakeSigstore().writeTrustedRoot(dir);
    Policy policy =
        parse(
            HEAD
                + "spec:\n"
                + "  unmatchedImages: allow\n"
                + "  unmirroredImages: allow\n"
                + "  excludeNamespaces: [kube-system]\n"
                + "  rules:\n"
                + "    - name: solo\n"
                + "      images: [\"registry.internal/solo-public/**\"]\n"
                + "      namespaces: [prod]\n"
                + "      mode: audit\n"
                + "      mutateDigest: false\n"
                + "      verifyDigest: false\n"
                + "      signedIdentity: matchRepository\n"
                + "      attestors:\n"
                + "        - count: 2\n"
                + "          entries:\n"
                + "            - keys:\n"
                + "                publicKeys: "
                + KEY
                + "\n"
                + "            - keyless:\n"
                + "                trustedRoot: "
                + trustedRoot
                + "\n"
                + "                identities: [{issuer: \"https://accounts.example\", subjectRegExp: \".*@example.com\"}]\n");

    assertThat(policy.excludes("kube-system")).isTrue();
    Rule rule = policy.rules().get(0).rule();
    assertThat(rule.mode()).isEqualTo(Mode.AUDIT);
    assertThat(rule.mutateDigest()).isFalse();
    assertThat(rule.verifyDigest()).isFalse();
    assertThat(rule.signedIdentity()).isEqualTo(SignedIdentity.MATCH_REPOSITORY);
    assertThat(rule.attestors().get(0).count()).isEqualTo(2);
    assertThat(rule.attestors().get(0).entries().get(1))
        .isInstanceOfSatisfying(
            AttestorEntry.Keyless.class, keyless -> assertThat(keyless.identities()).hasSize(1));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // body after HEAD | error
        "spec: {rules: [{name: a, images: [x], allowUnsigned: true}, {name: b, allowUnsigned: true}]}|policy.yaml: spec.rules[1].images: required",
        "spec: {rules: [{images: [x], allowUnsigned: true}]}|policy.yaml: spec.rules[0].name: required",
        "spec: {rules: [{name: a, images: [x]}]}|policy.yaml: spec.rules[0].attestors: required",
        "spec: {rules: [{name: a, images: [x], allowUnsigned: true, colour: red}]}|policy.yaml: spec.rules[0].colour: unknown field",
        "spec: {rules: [{name: a, images: [x], allowUnsigned: true, mode: strict}]}|policy.yaml: spec.rules[0].mode: must be one of enforce, audit",
        "spec: {unmatchedImages: maybe}|policy.yaml: spec.unmatchedImages: must be one of deny, allow",
        "spec: {rules: [{name: a, images: [x], allowUnsigned: true, mutateDigest: yes please}]}|policy.yaml: spec.rules[0].mutateDigest: must be true or false",
        "spec: {rules: [{name: a, images: [], allowUnsigned: true}]}|policy.yaml: spec.rules[0].images: must name at least one glob",
        "spec: {rules: [{name: a, images: [x], attestors: [{entries: []}]}]}|policy.yaml: spec.rules[0].attestors[0].entries: must list at least one entry",
        "spec: {rules: [{name: a, images: [x], attestors: [{entries: [{}]}]}]}|policy.yaml: spec.rules[0].attestors[0].entries[0]: must have exactly one of keys, keyless",
        "spec: {rules: [{name: a, images: [x], attestors: [{entries: [{keys: {publicKeys: nope}}]}]}]}|policy.yaml: spec.rules[0].attestors[0].entries[0].keys.publicKeys: must hold at least one PEM PUBLIC KEY block",
        "spec: {rules: [{name: a, images: [x], attestors: [{entries: [{keyless: {trustedRoot: r, identities: [{issuer: i}]}}]}]}]}|policy.yaml: spec.rules[0].attestors[0].entries[0].keyless.identities[0].subject: required (or subjectRegExp)",
        "spec: {rules: [{name: a, images: [x], attestors: [{entries: [{keyless: {trustedRoot: r, identities: [{issuer: i, subjectRegExp: '('}]}}]}]}]}|policy.yaml: spec.rules[0].attestors[0].entries[0].keyless.identities[0].subjectRegExp: invalid regular expression: Unclosed group",
        "spec: {rules: [{name: a, images: [x], allowUnsigned: true}, {name: a, images: [y], allowUnsigned: true}]}|policy.yaml: spec.rules[1].name: duplicate rule name \"a\"",
        "spec: {extra: 1}|policy.yaml: spec.extra: unknown field",
      })
  void parse_badField_errorNamesTheField(String body, String message) {
    assertThatThrownBy(() -> parse(HEAD + body))
        .isInstanceOf(PolicyException.class)
        .hasMessage(message);
  }

  @Test
  void parse_countAboveEntries_fails() {
    assertThatThrownBy(
            () ->
                parse(
                    HEAD
                        + "spec: {rules: [{name: a, images: [x], attestors: [{count: 2, entries: [{keys: {publicKeys: "
                        + KEY
                        + "}}]}]}]}"))
        .hasMessage(
            "policy.yaml: spec.rules[0].attestors[0].count: must be between 1 and the number of entries (1)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "kind: AdmissionPolicy|policy.yaml: apiVersion: required",
        "apiVersion: v1\\nkind: AdmissionPolicy|policy.yaml: apiVersion: must be airlock.dev/v1alpha1",
        "apiVersion: airlock.dev/v1alpha1\\nkind: Policy|policy.yaml: kind: must be AdmissionPolicy",
        "''|policy.yaml: empty document",
        "- a list|policy.yaml: (document): must be a mapping",
      })
  void parse_badDocument_fails(String yaml, String message) {
    String text = yaml.equals("''") ? "" : yaml.replace("\\n", "\n");
    assertThatThrownBy(() -> parse(text)).hasMessage(message);
  }

  @Test
  void parse_invalidYaml_namesLine() {
    assertThatThrownBy(() -> parse(HEAD + "spec: {rules: [\n"))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("policy.yaml: invalid YAML at line");
  }

  @Test
  void parse_duplicateKey_fails() {
    assertThatThrownBy(() -> parse(HEAD + "kind: AdmissionPolicy\n"))
        .hasMessageStartingWith("policy.yaml: invalid YAML")
        .hasMessageContaining("Duplicate field 'kind'");
  }

  /** A rule with one attestor whose entries each hold {@code pems[i]} as keys. */
  private static String keyRule(String name, String... pems) {
    StringBuilder entries = new StringBuilder();
    for (String pem : pems) {
      entries.append(entries.length() == 0 ? "" : ", ");
      entries.append("{keys: {publicKeys: ").append(quoted(pem)).append("}}");
    }
    return "{name: " + name + ", images: [x], attestors: [{entries: [" + entries + "]}]}";
  }

  private static String rules(String... rules) {
    return "spec: {rules: [" + String.join(", ", rules) + "]}";
  }

  static Stream<Arguments> invalidKeys() {
    String field = "policy.yaml: spec.rules[0].attestors[0].entries[0].keys.publicKeys: ";
    return Stream.of(
        Arguments.of(
            "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n",
            field
                + "key 1: malformed PEM block: failed to construct sequence from byte[]: DEF length"
                + " 89 object truncated by 88"),
        Arguments.of(
            "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n",
            field
                + "key 1: malformed PEM block: unable to decode base64 string: String index out of"
                + " range: 11"),
        Arguments.of(
            P224_KEY, field + "key 1: unsupported elliptic curve (want P-256, P-384 or P-521)"),
        Arguments.of(
            RSA_1024_KEY, field + "key 1: RSA key of 1024 bits is too short (want at least 2048)"),
        Arguments.of(
            TestPolicies.PUBLIC_KEY + P224_KEY,
            field + "key 2: unsupported elliptic curve (want P-256, P-384 or P-521)"));
  }

  @ParameterizedTest
  @MethodSource("invalidKeys")
  void parse_invalidPublicKey_policyInvalidNamingTheKey(String pem, String message) {
    assertThatThrownBy(() -> parse(HEAD + rules(keyRule("a", pem))))
        .isInstanceOf(PolicyException.class)
        .hasMessage(message);
  }

  @Test
  void parse_invalidKeyInLaterRuleAndEntry_errorNamesThatEntry() {
    String good = keyRule("a", TestPolicies.PUBLIC_KEY);
    String bad = keyRule("b", TestPolicies.OTHER_PUBLIC_KEY, RSA_1024_KEY);
    assertThatThrownBy(() -> parse(HEAD + rules(good, bad)))
        .isInstanceOf(PolicyException.class)
        .hasMessage(
            "policy.yaml: spec.rules[1].attestors[0].entries[1].keys.publicKeys: "
                + "key 1: RSA key of 1024 bits is too short (want at least 2048)");
  }

  @Test
  void parse_keylessTrustedRootMissing_policyInvalid(@TempDir Path dir) {
    Path missing = dir.resolve("trusted_root.json");
    assertThatThrownBy(
            () ->
                parse(
                    HEAD
                        + "spec: {rules: [{name: a, images: [x], attestors: [{entries: [{keyless: "
                        + "{trustedRoot: '"
                        + missing
                        + "', identities: [{issuer: i, subject: s}]}}]}]}]}"))
        .isInstanceOf(PolicyException.class)
        .hasMessage(
            "policy.yaml: spec.rules[0].attestors[0].entries[0].keyless.trustedRoot: "
                + "no such file: "
                + missing);
  }

  @Test
  void parse_realKeys_accepted() throws Exception {
    Policy policy =
        parse(HEAD + rules(keyRule("a", TestPolicies.PUBLIC_KEY + TestPolicies.OTHER_PUBLIC_KEY)));

    assertThat(policy.rules().get(0).rule().attestors().get(0).entries()).hasSize(1);
  }

  @Test
  void fingerprint_changesWithKeysOnly() throws Exception {
    String rule =
        "spec: {rules: [{name: %s, images: [%s], attestors: [{entries: [{keys: {publicKeys: %s}}]}]}]}";
    String other = quoted(TestPolicies.OTHER_PUBLIC_KEY);
    String a = parse(HEAD + rule.formatted("a", "x", KEY)).rules().get(0).fingerprint();
    String renamed = parse(HEAD + rule.formatted("b", "y", KEY)).rules().get(0).fingerprint();
    String rekeyed = parse(HEAD + rule.formatted("a", "x", other)).rules().get(0).fingerprint();

    assertThat(renamed).isEqualTo(a);
    assertThat(rekeyed).isNotEqualTo(a);
  }

  @ParameterizedTest
  @CsvSource({
    "registry.internal/solo-public/**, registry.internal/solo-public/gloo/gateway, true",
    "registry.internal/solo-public/**, registry.internal/solo-public/x, true",
    "registry.internal/solo-public/**, registry.internal/solo-publicx/x, false",
    "registry.internal/solo-public/*, registry.internal/solo-public/gloo/gateway, false",
    "registry.internal/solo-public/*, registry.internal/solo-public/gloo, true",
    "registry.internal/*/redis, registry.internal/dockerhub/redis, true",
    "registry.internal/*/redis, registry.internal/a/b/redis, false",
    "registry.internal/a.b, registry.internal/aXb, false",
    "**, anything/at/all, true",
  })
  void glob_matchesSegmentsAsDocumented(String glob, String location, boolean matches) {
    assertThat(Glob.compile(glob).matches(location)).isEqualTo(matches);
  }
}
