package dev.airlock.oci.mirror;

import dev.airlock.oci.ref.Digest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One endpoint of a route with the request URLs containerd builds for it ({@code
 * core/remotes/docker/resolver.go}: {@code <apiPath>/<repository>/<kind>/<ref>}, plus {@code
 * ?ns=<upstream>} when the endpoint is not the upstream namespace itself).
 *
 * @param host the host entry
 * @param repository the repository path requested at this host (the upstream path, e.g. {@code
 *     library/redis}; containerd cannot rename repositories)
 * @param namespace the {@code ns} query value, or null when containerd sends none
 */
public record MirrorEndpoint(HostEndpoint host, String repository, String namespace) {

  /** {@code …/manifests/<tag or digest>}. */
  public URI manifestUrl(String reference) {
    return url("manifests/" + reference);
  }

  /** {@code …/blobs/<digest>}. */
  public URI blobUrl(Digest digest) {
    return url("blobs/" + digest);
  }

  /** {@code …/referrers/<digest>} (distribution spec 1.1). */
  public URI referrersUrl(Digest digest) {
    return url("referrers/" + digest);
  }

  /** {@code …/tags/list}. */
  public URI tagsUrl() {
    return url("tags/list");
  }

  /** {@code <apiPath>/<repository>/<suffix>} with the {@code ns} query when containerd adds it. */
  public URI url(String suffix) {
    String path = host.apiPath() + "/" + repository + "/" + suffix;
    String query =
        namespace == null ? "" : "?ns=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8);
    return URI.create(host.origin() + path + query);
  }
}
