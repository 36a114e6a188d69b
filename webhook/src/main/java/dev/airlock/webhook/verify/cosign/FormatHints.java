package dev.airlock.webhook.verify.cosign;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which signature layout last proved an image of a mirror location (repository): the legacy {@code
 * .sig} tag or a cosign v3 bundle through the referrers. The verifier looks there first, so a
 * repository signed with bundles costs one registry request less per new image (no {@code .sig}
 * lookup that finds nothing). Only the order of the lookups depends on it: both are still made when
 * the first does not satisfy the rule, so a hint can never change a verdict. Bounded: when full it
 * starts again empty (a hint is only a guess).
 */
final class FormatHints {
  /** The layouts, in the order they are tried without a hint. */
  enum Layout {
    LEGACY,
    BUNDLE
  }

  private static final int MAX_LOCATIONS = 10_000;

  private final Map<String, Layout> byLocation = new ConcurrentHashMap<>();

  /** The layout to look up first for {@code mirrorLocation}. */
  Layout first(String mirrorLocation) {
    return byLocation.getOrDefault(mirrorLocation, Layout.LEGACY);
  }

  /** Notes that {@code layout} proved an image of {@code mirrorLocation}. */
  void proved(String mirrorLocation, Layout layout) {
    if (byLocation.size() >= MAX_LOCATIONS && !byLocation.containsKey(mirrorLocation)) {
      byLocation.clear();
    }
    if (layout == Layout.LEGACY) {
      byLocation.remove(mirrorLocation);
    } else {
      byLocation.put(mirrorLocation, layout);
    }
  }
}
