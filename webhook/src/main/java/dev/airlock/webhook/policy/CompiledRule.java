package dev.airlock.webhook.policy;

import java.util.List;

/**
 * A {@link Rule} with its globs compiled and its trust material compiled once, when the policy
 * loaded ({@link Trust}); editing a rule's keys or trusted roots changes {@link #fingerprint()}, so
 * earlier results keyed by it are unusable.
 */
public final class CompiledRule {
  private final Rule rule;
  private final List<Glob> images;
  private final Trust trust;

  public CompiledRule(Rule rule, Trust trust) {
    this.rule = rule;
    this.images = rule.images().stream().map(Glob::compile).toList();
    this.trust = trust;
  }

  /** True when the rule covers {@code mirrorLocation} in {@code namespace}. */
  public boolean covers(String mirrorLocation, String namespace) {
    boolean inNamespace = rule.namespaces().isEmpty() || rule.namespaces().contains(namespace);
    return inNamespace && images.stream().anyMatch(g -> g.matches(mirrorLocation));
  }

  public Rule rule() {
    return rule;
  }

  public String name() {
    return rule.name();
  }

  public Mode mode() {
    return rule.mode();
  }

  /** {@code allowUnsigned: true}: the rule pins digests without checking signatures. */
  public boolean allowsUnsigned() {
    return rule.allowUnsigned();
  }

  /** The rule's compiled trust material. */
  public Trust trust() {
    return trust;
  }

  /** The one fingerprint of the rule's trust ({@link Trust#fingerprint()}). */
  public String fingerprint() {
    return trust.fingerprint();
  }
}
