package dev.airlock.webhook.verify.cosign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.testing.Mutations;
import dev.airlock.webhook.policy.TrustMaterialException;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.TestPolicies;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzz (issue 12): what a mirror serves as a signature (simple-signing payload, DSSE bundle) and
 * what a policy gives as keys (PEM), mutated, parse or fail with the typed exception that becomes a
 * {@code malformed} denial or a refused policy; never another exception, which the verifier would
 * report as {@code registry_error} (or, before the fix, let through as an unhandled case).
 */
class SignatureParsersFuzzTest {
  private static final Digest DIGEST = Digest.sha256("fuzz".getBytes(StandardCharsets.UTF_8));

  @Property
  void mutatedSimpleSigningPayload_parsesOrIsMalformed(@ForAll("payloads") String payload) {
    try {
      SimpleSigningPayload parsed = SimpleSigningPayload.parse(bytes(payload));
      assertThat(parsed).isNotNull();
      Statistics.collect("parsed");
    } catch (MalformedSignatureException e) {
      Statistics.collect("malformed");
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property
  void mutatedBundle_parsesOrIsMalformed(@ForAll("bundles") String bundle) {
    try {
      assertThat(DsseBundle.parse(bytes(bundle))).isNotNull();
      Statistics.collect("parsed");
    } catch (MalformedSignatureException e) {
      Statistics.collect("malformed");
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property
  void mutatedPem_parsesOrIsRefused(@ForAll("pems") String pem) {
    try {
      assertThat(PublicKeyParser.parse(pem, "keys.publicKeys")).isNotEmpty();
      Statistics.collect("parsed");
    } catch (TrustMaterialException e) {
      Statistics.collect("refused");
      assertThat(e.getMessage()).startsWith("keys.publicKeys");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Provide
  Arbitrary<String> payloads() {
    return Arbitraries.of(
            new String(
                CosignLayout.payload("registry.example.com/payments/app:1", DIGEST),
                StandardCharsets.UTF_8))
        .flatMap(Mutations::of);
  }

  @Provide
  Arbitrary<String> bundles() {
    byte[] statement = CosignLayout.statement(DIGEST, CosignLayout.COSIGN_SIGN_PREDICATE);
    return Arbitraries.of(
            new String(
                CosignLayout.keyedBundle(statement, new byte[] {1, 2, 3, 4}),
                StandardCharsets.UTF_8))
        .flatMap(Mutations::of);
  }

  @Provide
  Arbitrary<String> pems() {
    return Arbitraries.of(
            TestPolicies.PUBLIC_KEY, TestPolicies.PUBLIC_KEY + TestPolicies.OTHER_PUBLIC_KEY)
        .flatMap(Mutations::of);
  }
}
