package dev.airlock.oci.registry;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import java.util.List;
import java.util.Optional;

/**
 * The Distribution / OCI registry API as verbs on a {@link MirrorRoute}. Each verb tries the
 * route's endpoints in {@code hosts.toml} order (resolvers for tags, pullers for digests) within
 * one deadline; it retries only temporary errors, never past the deadline. Not-found at every
 * endpoint is {@code Optional.empty()}; anything else that prevents an answer is a {@link
 * RegistryException}.
 */
public interface RegistryClient {

  /**
   * Resolves a tag or digest to the descriptor of the manifest it names: HEAD, then GET when HEAD
   * gives no {@code Docker-Content-Digest}.
   */
  Optional<Descriptor> resolve(MirrorRoute route, String reference, Deadline deadline)
      throws RegistryException;

  /**
   * Fetches a manifest by digest with an Accept header for OCI index, OCI manifest, Docker list and
   * Docker v2; the bytes must hash to {@code digest} ({@link
   * RegistryException.Kind#DIGEST_MISMATCH} otherwise).
   */
  Optional<Manifest> manifest(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException;

  /**
   * The manifest tagged {@code tag}, for an artifact whose digest the caller does not need first
   * (cosign's {@code sha256-<hex>.sig}): one {@code GET} by tag. Its digest is the bytes' own; a
   * {@code Docker-Content-Digest} naming other bytes is a {@link
   * RegistryException.Kind#DIGEST_MISMATCH}. Empty when the tag does not exist. The default asks in
   * two requests (resolve, then fetch by digest).
   */
  default Optional<Manifest> manifestByTag(MirrorRoute route, String tag, Deadline deadline)
      throws RegistryException {
    Optional<Descriptor> resolved = resolve(route, tag, deadline);
    if (resolved.isEmpty()) {
      return Optional.empty();
    }
    return manifest(route, resolved.get().digest(), deadline);
  }

  /** Fetches a blob whose bytes must hash to {@code digest}; larger than {@code maxBytes} fails. */
  Optional<byte[]> blob(MirrorRoute route, Digest digest, long maxBytes, Deadline deadline)
      throws RegistryException;

  /** HEAD a blob: true when present. */
  boolean blobExists(MirrorRoute route, Digest digest, Deadline deadline) throws RegistryException;

  /**
   * The referrers of {@code subject} (distribution spec 1.1 referrers API, falling back to the
   * {@code <alg>-<hex>} referrers tag schema when the API is not supported), optionally filtered by
   * artifact type.
   */
  List<Descriptor> referrers(
      MirrorRoute route, Digest subject, Optional<String> artifactType, Deadline deadline)
      throws RegistryException;
}
