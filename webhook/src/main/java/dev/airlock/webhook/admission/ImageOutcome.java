package dev.airlock.webhook.admission;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.webhook.policy.CompiledRule;
import java.util.Optional;

/**
 * The outcome of checking one image: a closed type. {@link AdmissionResponder} is the one place
 * that turns outcomes into an admission response; an {@link Failed} error denies like a {@link
 * Denied} unless the rule audits.
 */
public sealed interface ImageOutcome {

  Reason reason();

  Optional<CompiledRule> rule();

  /**
   * The image may run.
   *
   * @param reason {@code verified}, or {@code unmatched}/{@code unmirrored} when the policy allows
   *     images it does not cover
   * @param digest the digest checked at the mirror, if any
   * @param pin the image to patch in ({@code name:tag@digest}), when /mutate pins a tag
   */
  record Allowed(
      Reason reason,
      Optional<CompiledRule> rule,
      Optional<Digest> digest,
      Optional<ImageReference> pin)
      implements ImageOutcome {}

  /** The image is proven not admissible; {@code cause} is fit for a denial message. */
  record Denied(Reason reason, Optional<CompiledRule> rule, Optional<Digest> digest, String cause)
      implements ImageOutcome {}

  /** The check could not be completed (registry error, timeout); fails closed. */
  record Failed(Reason reason, Optional<CompiledRule> rule, Optional<Digest> digest, String cause)
      implements ImageOutcome {}
}
