package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import java.util.Optional;

/** {@code HEAD …/blobs/<digest>} at one endpoint: present, or empty for not-found. */
final class BlobChecker {
  private final EndpointSession session;

  BlobChecker(EndpointSession session) {
    this.session = session;
  }

  Optional<Boolean> at(MirrorEndpoint endpoint, Digest digest, Deadline deadline)
      throws RegistryException {
    Reply reply = session.send(endpoint, "HEAD", endpoint.blobUrl(digest), null, 0, deadline);
    if (ErrorBodies.notFound(reply)) {
      return Optional.empty();
    }
    Content.requireSuccess(reply);
    return Optional.of(Boolean.TRUE);
  }
}
