package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Distribution spec 1.1 "Listing Referrers" at one endpoint: {@code GET
 * …/referrers/<digest>[?artifactType=…]}; when that answers 404 (API not supported), the referrers
 * tag schema {@code <alg>-<hex>}. The artifact-type filter is applied here too, since a registry
 * may ignore it (it would omit {@code OCI-Filters-Applied}) and the fallback tag is never filtered.
 * Empty when the API is absent and the fallback tag does not exist.
 */
final class ReferrersLister {
  private final EndpointSession session;
  private final long maxIndexBytes;

  ReferrersLister(EndpointSession session, long maxIndexBytes) {
    this.session = session;
    this.maxIndexBytes = maxIndexBytes;
  }

  Optional<List<Descriptor>> list(
      MirrorEndpoint endpoint, Digest subject, Optional<String> artifactType, Deadline deadline)
      throws RegistryException {
    URI api = endpoint.referrersUrl(subject);
    if (artifactType.isPresent()) {
      api =
          URI.create(
              api
                  + (api.getRawQuery() == null ? "?" : "&")
                  + "artifactType="
                  + URLEncoder.encode(artifactType.get(), StandardCharsets.UTF_8));
    }
    Reply reply = session.send(endpoint, "GET", api, MediaTypes.OCI_INDEX, maxIndexBytes, deadline);
    if (reply.status() == 404) {
      URI tag = endpoint.manifestUrl(subject.algorithm() + "-" + subject.hex());
      reply = session.send(endpoint, "GET", tag, MediaTypes.OCI_INDEX, maxIndexBytes, deadline);
      if (ErrorBodies.notFound(reply)) {
        return Optional.empty();
      }
    }
    Content.requireSuccess(reply);
    return Optional.of(
        ManifestParser.indexEntries(reply.body(), reply.uri()).stream()
            .filter(d -> artifactType.isEmpty() || artifactType.equals(d.artifactType()))
            .toList());
  }
}
