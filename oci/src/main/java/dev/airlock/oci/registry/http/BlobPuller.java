package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import java.net.URI;
import java.util.Optional;

/**
 * {@code GET …/blobs/<digest>} at one endpoint, at most {@code maxBytes}: the bytes, checked
 * against the digest; empty for not-found.
 */
final class BlobPuller {
  private final EndpointSession session;

  BlobPuller(EndpointSession session) {
    this.session = session;
  }

  Optional<byte[]> at(MirrorEndpoint endpoint, Digest digest, long maxBytes, Deadline deadline)
      throws RegistryException {
    URI url = endpoint.blobUrl(digest);
    Reply reply = session.send(endpoint, "GET", url, null, maxBytes, deadline);
    if (ErrorBodies.notFound(reply)) {
      return Optional.empty();
    }
    Content.requireSuccess(reply);
    Content.verify(digest, reply.body(), url);
    return Optional.of(reply.body());
  }
}
