package dev.airlock.webhook.policy;

/**
 * How {@code critical.identity.docker-reference} of a signature payload must relate to the image.
 * Cosign's SIGNATURE_SPEC leaves it unchecked, and mirrored signatures carry upstream names, so the
 * default is {@link #ANY}.
 */
public enum SignedIdentity {
  /** Not checked. */
  ANY,
  /**
   * The repository (without tag/digest) must be the image's normalised upstream name or its mirror
   * location; {@code index.docker.io} and {@code docker.io} are one.
   */
  MATCH_REPOSITORY,
  /** As {@link #MATCH_REPOSITORY}, and the tag, when the payload names one, must match too. */
  MATCH_EXACT
}
