package dev.airlock.webhook.verify.cosign;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.webhook.policy.SignedIdentity;
import java.util.List;
import java.util.Optional;

/**
 * The rule's {@code signedIdentity} against a signature's {@code
 * critical.identity.docker-reference} (design.md "Policy file"): {@code any} checks nothing (cosign
 * SIGNATURE_SPEC.md leaves it unchecked, and mirrored signatures carry upstream names); {@code
 * matchRepository} wants the reference's repository to be the image's normalised upstream name or
 * its mirror location, with {@code index.docker.io} and {@code docker.io} as one (both normalised
 * by {@link ImageReference#parse}); {@code matchExact} also wants the reference's tag, when it
 * names one, to be the pod's tag ({@code latest} when the pod names neither tag nor digest), and
 * its digest, when it names one, to be the admitted digest.
 */
final class DockerReferenceCheck {
  private DockerReferenceCheck() {}

  /** Empty when the reference passes, else the denial message. */
  static Optional<String> check(
      SignedIdentity mode, Optional<String> dockerReference, MirrorRoute route, Digest digest) {
    if (mode == SignedIdentity.ANY) {
      return Optional.empty();
    }
    if (dockerReference.isEmpty()) {
      return Optional.of(
          "trusted signature names no docker-reference (signedIdentity " + label(mode) + ")");
    }
    ImageReference signed;
    try {
      signed = ImageReference.parse(dockerReference.get());
    } catch (InvalidReferenceException e) {
      return Optional.of(mismatch(dockerReference.get()));
    }
    ImageReference pod = route.image();
    boolean sameRepository =
        signed.normalizedName().equals(pod.normalizedName())
            || signed.normalizedName().equals(route.mirrorLocation());
    if (!sameRepository) {
      return Optional.of(mismatch(dockerReference.get()));
    }
    if (mode == SignedIdentity.MATCH_EXACT) {
      if (signed.tag().isPresent() && !signed.tag().equals(podTag(pod))) {
        return Optional.of(mismatch(dockerReference.get()));
      }
      if (signed.digest().isPresent() && !signed.digest().get().equals(digest)) {
        return Optional.of(mismatch(dockerReference.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * Exactly what {@link #check} reads of the route beyond the digest, for result caches: nothing
   * for {@code any}; the pod's normalised name and the mirror location for {@code matchRepository};
   * and the pod's tag for {@code matchExact}.
   */
  static List<String> nameInputs(SignedIdentity mode, MirrorRoute route) {
    ImageReference pod = route.image();
    return switch (mode) {
      case ANY -> List.of();
      case MATCH_REPOSITORY -> List.of(pod.normalizedName(), route.mirrorLocation());
      case MATCH_EXACT ->
          List.of(pod.normalizedName(), route.mirrorLocation(), podTag(pod).orElse(""));
    };
  }

  private static Optional<String> podTag(ImageReference pod) {
    if (pod.tag().isPresent() || pod.digest().isPresent()) {
      return pod.tag();
    }
    return Optional.of("latest");
  }

  private static String mismatch(String reference) {
    return "trusted signature is for another image: " + reference;
  }

  private static String label(SignedIdentity mode) {
    return mode == SignedIdentity.MATCH_EXACT ? "matchExact" : "matchRepository";
  }
}
