package dev.airlock.webhook.policy;

/**
 * Compiles a rule's attestors into {@link Trust} when the policy loads, so a bad key or trusted
 * root is a policy error with its field and never reaches the gate. The verifier provides it (the
 * policy does not know signature formats).
 */
@FunctionalInterface
public interface TrustCompiler {

  /**
   * @throws TrustMaterialException whose message starts with the field within the rule, e.g. {@code
   *     attestors[0].entries[1].keys.publicKeys: key 1: unsupported elliptic curve}
   */
  Trust compile(Rule rule) throws TrustMaterialException;
}
