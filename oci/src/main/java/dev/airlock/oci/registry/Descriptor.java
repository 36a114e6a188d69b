package dev.airlock.oci.registry;

import dev.airlock.oci.ref.Digest;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI content descriptor (image-spec {@code descriptor.md}).
 *
 * @param mediaType the content's media type
 * @param digest the content digest
 * @param size the content size in bytes, or -1 when the registry did not say
 * @param artifactType the artifact type (referrers), if any
 * @param annotations annotations, empty when none
 * @param platform {@code os/architecture[/variant]} for index children, if given
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Optional<String> artifactType,
    Map<String, String> annotations,
    Optional<String> platform) {

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, Optional.empty(), Map.of(), Optional.empty());
  }
}
