package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryException;
import java.net.URI;
import java.util.Optional;

/**
 * {@code GET …/manifests/<digest>} (or {@code <tag>}, {@link #byTag}) at one endpoint: the manifest
 * or index whose bytes hash to the digest it was asked by (checked here), parsed; empty for
 * not-found.
 */
final class ManifestPuller {
  private final EndpointSession session;
  private final long maxBytes;

  ManifestPuller(EndpointSession session, long maxBytes) {
    this.session = session;
    this.maxBytes = maxBytes;
  }

  Optional<Manifest> at(MirrorEndpoint endpoint, Digest digest, Deadline deadline)
      throws RegistryException {
    URI url = endpoint.manifestUrl(digest.toString());
    Reply reply =
        session.send(endpoint, "GET", url, MediaTypes.MANIFEST_ACCEPT, maxBytes, deadline);
    if (ErrorBodies.notFound(reply)) {
      return Optional.empty();
    }
    Content.requireSuccess(reply);
    Content.verify(digest, reply.body(), url);
    return Optional.of(ManifestParser.parse(reply.body(), digest, reply.mediaType(), url));
  }

  /**
   * {@code GET …/manifests/<tag>}: the manifest, its digest taken from its bytes; a {@code
   * Docker-Content-Digest} that names other bytes is a mismatch. Empty for not-found.
   */
  Optional<Manifest> byTag(MirrorEndpoint endpoint, String tag, Deadline deadline)
      throws RegistryException {
    URI url = endpoint.manifestUrl(tag);
    Reply reply =
        session.send(endpoint, "GET", url, MediaTypes.MANIFEST_ACCEPT, maxBytes, deadline);
    if (ErrorBodies.notFound(reply)) {
      return Optional.empty();
    }
    Content.requireSuccess(reply);
    Digest digest = Digest.sha256(reply.body());
    Optional<String> header = reply.header("Docker-Content-Digest");
    if (header.isPresent()) {
      Content.verify(Content.parseDigestHeader(header.get(), url), reply.body(), url);
    }
    return Optional.of(ManifestParser.parse(reply.body(), digest, reply.mediaType(), url));
  }
}
