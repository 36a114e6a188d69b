package dev.airlock.webhook.audit;

import java.util.Optional;

/**
 * One audit line as the admission path decided it; this package only writes lines and decides
 * nothing (so it depends on no other package of the webhook).
 *
 * @param request who asked for what
 * @param image the image the line is about; empty for a line about the whole review (nothing to
 *     check, or the review was refused before any image was looked at)
 * @param allowed the decision for the image (or the review)
 * @param reason the {@code reason} label, as in {@code airlock_admission_reviews_total}
 * @param cause why an image was denied or could not be checked
 */
public record AuditLine(
    Request request,
    Optional<Image> image,
    boolean allowed,
    String reason,
    Optional<String> cause) {

  /** The request's own facts, the same on every line of one review. */
  public record Request(
      String webhook,
      String uid,
      String operation,
      String namespace,
      String kind,
      String name,
      String user,
      boolean dryRun) {}

  /**
   * @param written the image as written in the object
   * @param field where ({@code spec.containers[0].image})
   * @param digest the digest checked at the mirror, if one was resolved
   * @param rule the policy rule that covers the image, if any
   */
  public record Image(
      String written, String field, Optional<String> digest, Optional<String> rule) {}
}
