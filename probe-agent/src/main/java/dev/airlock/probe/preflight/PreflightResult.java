package dev.airlock.probe.preflight;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import java.util.Optional;

/**
 * One row of {@code preflight}.
 *
 * @param image the image as written in the list
 * @param mirrorLocation where the mirror holds it, when mirrored
 * @param digest the digest the tag resolved to, when it resolved
 * @param status {@code ok}, {@code missing}, {@code unmirrored} or {@code error}
 * @param detail what is missing or why it failed; empty for ok and unmirrored
 */
public record PreflightResult(
    ImageReference image,
    Optional<String> mirrorLocation,
    Optional<Digest> digest,
    Status status,
    Optional<String> detail) {

  /** The outcome of one image. */
  public enum Status {
    ok,
    missing,
    unmirrored,
    error
  }

  /** {@code ok}, {@code missing: <what>}, {@code unmirrored} or {@code error: <cause>}. */
  public String statusText() {
    return detail.map(d -> status + ": " + d).orElse(status.name());
  }
}
