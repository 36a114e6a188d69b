package dev.airlock.webhook.policy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed policy file ({@code kind: AdmissionPolicy}) with defaults applied.
 *
 * @param source where it was read from, for messages
 * @param unmatchedImages images whose mirror location matches no rule
 * @param unmirroredImages images whose registry has no mirror
 * @param excludeNamespaces requests from these namespaces are allowed untouched
 * @param rules in file order; the first rule that covers an image applies
 */
public record Policy(
    String source,
    Action unmatchedImages,
    Action unmirroredImages,
    Set<String> excludeNamespaces,
    List<CompiledRule> rules) {

  /** The first rule covering {@code mirrorLocation} in {@code namespace}. */
  public Optional<CompiledRule> match(String mirrorLocation, String namespace) {
    return rules.stream().filter(r -> r.covers(mirrorLocation, namespace)).findFirst();
  }

  public boolean excludes(String namespace) {
    return namespace != null && excludeNamespaces.contains(namespace);
  }
}
