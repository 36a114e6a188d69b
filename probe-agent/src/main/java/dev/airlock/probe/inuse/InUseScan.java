package dev.airlock.probe.inuse;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.probe.resolve.Concurrently;
import dev.airlock.probe.resolve.MirrorResolver;
import dev.airlock.probe.resolve.Resolution;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resolves every distinct image of a set of pods at the mirror. */
public final class InUseScan {
  private InUseScan() {}

  /** Every distinct image, sorted by spelling. */
  public static List<InUseImage> scan(List<Pod> pods, MirrorResolver resolver) {
    return Concurrently.map(
        List.copyOf(PodImages.of(pods).entrySet()), entry -> check(entry, resolver));
  }

  private static InUseImage check(Map.Entry<String, List<String>> entry, MirrorResolver resolver) {
    ImageReference image;
    try {
      image = ImageReference.parse(entry.getKey());
    } catch (InvalidReferenceException e) {
      return new InUseImage(
          entry.getKey(),
          Optional.empty(),
          "error: invalid image reference: " + e.getMessage(),
          true,
          entry.getValue());
    }
    Resolution resolution = resolver.resolve(image);
    return new InUseImage(
        entry.getKey(),
        resolution.route().map(MirrorRoute::mirrorLocation),
        resolution.status(),
        resolution instanceof Resolution.Missing || resolution instanceof Resolution.Unmirrored,
        entry.getValue());
  }
}
