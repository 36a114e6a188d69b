package dev.airlock.oci.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest or index fetched by digest, whose bytes were checked against that digest.
 *
 * @param descriptor media type, digest and size of {@link #bytes}
 * @param bytes the exact bytes served (what the digest covers)
 * @param config the config descriptor (image manifests), if any
 * @param layers layer descriptors (image manifests), empty for indexes
 * @param manifests child manifests (indexes), empty for image manifests
 * @param subject the {@code subject} descriptor (OCI 1.1 referrers), if any
 * @param annotations manifest annotations
 */
public record Manifest(
    Descriptor descriptor,
    byte[] bytes,
    Optional<Descriptor> config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Optional<Descriptor> subject,
    Map<String, String> annotations) {

  public boolean isIndex() {
    return MediaTypes.isIndex(descriptor.mediaType());
  }
}
