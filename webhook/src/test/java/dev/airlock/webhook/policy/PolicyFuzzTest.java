package dev.airlock.webhook.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.Mutations;
import dev.airlock.webhook.testing.TestPolicies;
import dev.airlock.webhook.verify.cosign.RuleTrust;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzz (issue 12): a mutated policy is either refused with a {@link PolicyException} (and the last
 * good policy stays) or a policy that cannot open the gate by accident: every rule either needs
 * signatures (at least one attestor, each needing at least one signer, no more than it lists) or
 * says {@code allowUnsigned: true} in so many words.
 */
class PolicyFuzzTest {
  private static final PolicyParser PARSER = new PolicyParser(RuleTrust::compile);

  @Property
  void mutatedPolicy_isRefusedOrNeedsSignaturesUnlessItSaysOtherwise(
      @ForAll("mutated") String yaml) {
    Policy policy;
    try {
      policy = PARSER.parse(yaml, "policy.yaml");
    } catch (PolicyException e) {
      Statistics.collect("refused");
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    Statistics.collect("loaded");
    for (CompiledRule compiled : policy.rules()) {
      Rule rule = compiled.rule();
      if (rule.allowUnsigned()) {
        assertThat(yaml).contains("allowUnsigned");
        continue;
      }
      assertThat(rule.attestors()).as("rule %s", rule.name()).isNotEmpty();
      for (Attestor attestor : rule.attestors()) {
        assertThat(attestor.count()).isBetween(1, attestor.entries().size());
      }
      assertThat(compiled.trust()).isNotEqualTo(Trust.UNSIGNED);
    }
  }

  @Provide
  Arbitrary<String> mutated() {
    return Arbitraries.of(
            TestPolicies.DEFAULT,
            """
            apiVersion: airlock.dev/v1alpha1
            kind: AdmissionPolicy
            spec:
              rules:
                - name: two
                  images: ["mirror.internal/**"]
                  signedIdentity: matchExact
                  attestors:
                    - count: 2
                      entries:
                        - keys: {publicKeys: "%1$s"}
                        - keys: {publicKeys: "%2$s"}
            """
                .formatted(
                    TestPolicies.KEY, TestPolicies.yamlEscaped(TestPolicies.OTHER_PUBLIC_KEY)))
        .flatMap(Mutations::of);
  }
}
