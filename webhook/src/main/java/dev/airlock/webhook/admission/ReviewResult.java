package dev.airlock.webhook.admission;

import java.util.List;
import java.util.Optional;

/**
 * The answer to one review, before encoding.
 *
 * @param allowed the admission decision
 * @param reason the metric reason
 * @param message the denial message, when denied
 * @param warnings audit-mode findings, each at most 120 characters
 * @param patch image pins (/mutate only)
 */
public record ReviewResult(
    boolean allowed,
    Reason reason,
    Optional<String> message,
    List<String> warnings,
    List<PatchOperation> patch) {

  /** Denials carry HTTP 403 in {@code status.code}. */
  public static final int DENIED_CODE = 403;

  /** A denial of the whole object, not of one of its images. */
  public static ReviewResult deny(Reason reason, String message) {
    return new ReviewResult(false, reason, Optional.of(message), List.of(), List.of());
  }

  public static ReviewResult allow(Reason reason) {
    return new ReviewResult(true, reason, Optional.empty(), List.of(), List.of());
  }
}
