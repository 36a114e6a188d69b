package dev.airlock.probe.inuse;

import java.util.List;
import java.util.Optional;

/**
 * One distinct image run in the cluster and where it stands at the mirror.
 *
 * @param image the image as written in the pod specs
 * @param mirrorLocation its mirror location, when mirrored
 * @param status {@code ok}, {@code missing: <what>}, {@code unmirrored}, {@code error: <cause>}
 * @param missing true when the mirror answered that it cannot serve the image (missing, unmirrored,
 *     or not a valid reference); false when ok or when the mirror could not answer
 * @param pods {@code namespace/name} of the pods that use it, sorted
 */
public record InUseImage(
    String image,
    Optional<String> mirrorLocation,
    String status,
    boolean missing,
    List<String> pods) {

  public boolean ok() {
    return status.equals("ok");
  }
}
