package dev.airlock.webhook.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link Rule} with its globs compiled and a fingerprint of everything that affects signature
 * verification (attestors and signedIdentity), used as a cache key: editing a rule's keys makes
 * earlier results unusable.
 */
public final class CompiledRule {
  private final Rule rule;
  private final List<Glob> images;
  private final String fingerprint;

  public CompiledRule(Rule rule) {
    this.rule = rule;
    this.images = rule.images().stream().map(Glob::compile).toList();
    this.fingerprint = fingerprintOf(rule);
  }

  private static String fingerprintOf(Rule rule) {
    // Records render their components deterministically (lists and Optionals included).
    String material = rule.signedIdentity() + "\n" + rule.attestors() + "\n" + rule.allowUnsigned();
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sum);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks SHA-256", e);
    }
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

  /** Hex SHA-256 of the verification-relevant parts of the rule. */
  public String fingerprint() {
    return fingerprint;
  }
}
