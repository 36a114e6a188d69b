package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryException;
import java.net.URI;
import java.util.Optional;

/**
 * Resolves a tag or digest at one endpoint as containerd's resolver does ({@code
 * core/remotes/docker/resolver.go}): {@code HEAD} the manifest with the manifest Accept header;
 * when the answer has no {@code Docker-Content-Digest} (or no {@code Content-Type}), {@code GET} it
 * and take the digest of the bytes. A digest header must name the bytes served, and for a digest
 * reference the digest asked for.
 */
final class ManifestResolver {
  private final EndpointSession session;
  private final long maxManifestBytes;

  ManifestResolver(EndpointSession session, long maxManifestBytes) {
    this.session = session;
    this.maxManifestBytes = maxManifestBytes;
  }

  Optional<Descriptor> resolve(
      MirrorEndpoint endpoint, String reference, Optional<Digest> byDigest, Deadline deadline)
      throws RegistryException {
    URI url = endpoint.manifestUrl(reference);
    Reply head = session.send(endpoint, "HEAD", url, MediaTypes.MANIFEST_ACCEPT, 0, deadline);
    if (ErrorBodies.notFound(head)) {
      return Optional.empty();
    }
    Content.requireSuccess(head);
    Optional<String> header = head.header("Docker-Content-Digest");
    if (header.isPresent() && head.mediaType().isPresent()) {
      Digest digest = Content.parseDigestHeader(header.get(), url);
      if (byDigest.isPresent()) {
        Content.requireSame(byDigest.get(), digest, url);
      }
      long size = head.headers().firstValueAsLong("Content-Length").orElse(-1);
      return Optional.of(Descriptor.of(head.mediaType().get(), digest, size));
    }
    Reply get =
        session.send(endpoint, "GET", url, MediaTypes.MANIFEST_ACCEPT, maxManifestBytes, deadline);
    if (ErrorBodies.notFound(get)) {
      return Optional.empty();
    }
    Content.requireSuccess(get);
    Optional<String> servedHeader = get.header("Docker-Content-Digest");
    Digest digest;
    if (servedHeader.isPresent()) {
      digest = Content.parseDigestHeader(servedHeader.get(), url);
      if (byDigest.isPresent()) {
        Content.requireSame(byDigest.get(), digest, url);
      }
    } else {
      digest = byDigest.orElse(Digest.sha256(get.body()));
    }
    Content.verify(digest, get.body(), url);
    return Optional.of(ManifestParser.parse(get.body(), digest, get.mediaType(), url).descriptor());
  }
}
