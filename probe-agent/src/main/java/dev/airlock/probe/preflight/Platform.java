package dev.airlock.probe.preflight;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OCI platform {@code os/architecture[/variant]} (image-spec {@code image-index.md}). Matching
 * follows containerd {@code platforms}: a platform without a variant matches any variant, and
 * {@code arm64} without a variant is {@code arm64/v8}.
 */
public record Platform(String os, String architecture, Optional<String> variant) {
  private static final Pattern PART = Pattern.compile("[a-z0-9_.-]+");

  /** Parses {@code linux/arm64} or {@code linux/arm/v7}. */
  public static Platform parse(String value) {
    String[] parts = value.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "invalid platform \"" + value + "\": want os/architecture[/variant]");
    }
    for (String part : parts) {
      if (!PART.matcher(part).matches()) {
        throw new IllegalArgumentException(
            "invalid platform \"" + value + "\": want os/architecture[/variant]");
      }
    }
    return new Platform(
        parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
  }

  /** True when an image of platform {@code candidate} satisfies this requested platform. */
  public boolean matches(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return false;
    }
    return variant.isEmpty() || variant.equals(candidate.normalizedVariant());
  }

  private Optional<String> normalizedVariant() {
    return variant.isEmpty() && architecture.equals("arm64") ? Optional.of("v8") : variant;
  }

  @Override
  public String toString() {
    return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
  }
}
