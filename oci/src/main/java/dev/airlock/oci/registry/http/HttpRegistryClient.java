package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.RegistryObserver.Outcome;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.registry.auth.TokenCache;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link RegistryClient} on the JDK HTTP client (distribution spec v1.1 pull API). Tags are
 * resolved at the route's {@code resolve} endpoints, content by digest is fetched from its {@code
 * pull} endpoints, in hosts.toml order (see {@link Failover}); one request per endpoint is retried
 * only for temporary failures (see {@link EndpointSession}); everything runs within the caller's
 * {@link Deadline}. Content fetched by digest must hash to it. Thread-safe; build one per
 * application and share it (it keeps one HTTP client per TLS setup and a token cache).
 */
public final class HttpRegistryClient implements RegistryClient {
  private static final String REFERRERS_ACCEPT = MediaTypes.OCI_INDEX;

  private final RegistryClientOptions options;
  private final EndpointSession session;
  private final RegistryObserver observer;

  public HttpRegistryClient(
      RegistryClientOptions options, CredentialStore credentials, RegistryObserver observer) {
    this.options = options;
    this.observer = observer;
    Authorizer authorizer =
        new Authorizer(
            credentials, new TokenCache(), options.defaultTokenLifetime(), options.userAgent());
    this.session =
        new EndpointSession(new TlsClients(options.connectTimeout()), authorizer, options);
  }

  /** Default options, anonymous, unobserved. */
  public static HttpRegistryClient anonymous() {
    return new HttpRegistryClient(
        RegistryClientOptions.defaults(), CredentialStore.ANONYMOUS, RegistryObserver.NONE);
  }

  @Override
  public Optional<Descriptor> resolve(MirrorRoute route, String reference, Deadline deadline)
      throws RegistryException {
    Optional<Digest> byDigest = digestOf(reference);
    return observed(
        "resolve",
        () ->
            Failover.first(
                route,
                byDigest.isPresent() ? route.pullers() : route.resolvers(),
                byDigest.isPresent() ? "pull" : "resolve",
                deadline,
                endpoint -> resolveAt(endpoint, reference, byDigest, deadline)));
  }

  private Optional<Descriptor> resolveAt(
      MirrorEndpoint endpoint, String reference, Optional<Digest> byDigest, Deadline deadline)
      throws RegistryException {
    URI url = endpoint.manifestUrl(reference);
    Reply head = session.send(endpoint, "HEAD", url, MediaTypes.MANIFEST_ACCEPT, 0, deadline);
    if (ErrorBodies.notFound(head)) {
      return Optional.empty();
    }
    requireSuccess(head);
    Optional<String> header = head.header("Docker-Content-Digest");
    if (header.isPresent() && head.mediaType().isPresent()) {
      Digest digest = parseDigest(header.get(), url);
      if (byDigest.isPresent()) {
        checkSame(byDigest.get(), digest, url);
      }
      long size = head.headers().firstValueAsLong("Content-Length").orElse(-1);
      return Optional.of(Descriptor.of(head.mediaType().get(), digest, size));
    }
    // No digest header: GET and hash the bytes (containerd resolver.go does the same).
    Reply get =
        session.send(
            endpoint, "GET", url, MediaTypes.MANIFEST_ACCEPT, options.maxManifestBytes(), deadline);
    if (ErrorBodies.notFound(get)) {
      return Optional.empty();
    }
    requireSuccess(get);
    Digest digest = byDigest.orElse(Digest.sha256(get.body()));
    verify(digest, get.body(), url);
    Optional<String> served = get.header("Docker-Content-Digest");
    if (served.isPresent()) {
      checkSame(digest, parseDigest(served.get(), url), url);
    }
    Manifest manifest = ManifestParser.parse(get.body(), digest, get.mediaType(), url);
    return Optional.of(manifest.descriptor());
  }

  @Override
  public Optional<Manifest> manifest(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    return observed(
        "manifest",
        () ->
            Failover.first(
                route,
                route.pullers(),
                "pull",
                deadline,
                endpoint -> {
                  URI url = endpoint.manifestUrl(digest.toString());
                  Reply reply =
                      session.send(
                          endpoint,
                          "GET",
                          url,
                          MediaTypes.MANIFEST_ACCEPT,
                          options.maxManifestBytes(),
                          deadline);
                  if (ErrorBodies.notFound(reply)) {
                    return Optional.empty();
                  }
                  requireSuccess(reply);
                  verify(digest, reply.body(), url);
                  return Optional.of(
                      ManifestParser.parse(reply.body(), digest, reply.mediaType(), url));
                }));
  }

  @Override
  public Optional<byte[]> blob(MirrorRoute route, Digest digest, long maxBytes, Deadline deadline)
      throws RegistryException {
    return observed(
        "blob",
        () ->
            Failover.first(
                route,
                route.pullers(),
                "pull",
                deadline,
                endpoint -> {
                  URI url = endpoint.blobUrl(digest);
                  Reply reply = session.send(endpoint, "GET", url, null, maxBytes, deadline);
                  if (ErrorBodies.notFound(reply)) {
                    return Optional.empty();
                  }
                  requireSuccess(reply);
                  verify(digest, reply.body(), url);
                  return Optional.of(reply.body());
                }));
  }

  @Override
  public boolean blobExists(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    return observed(
            "blob_exists",
            () ->
                Failover.first(
                    route,
                    route.pullers(),
                    "pull",
                    deadline,
                    endpoint -> {
                      Reply reply =
                          session.send(
                              endpoint, "HEAD", endpoint.blobUrl(digest), null, 0, deadline);
                      if (ErrorBodies.notFound(reply)) {
                        return Optional.<Boolean>empty();
                      }
                      requireSuccess(reply);
                      return Optional.of(Boolean.TRUE);
                    }))
        .isPresent();
  }

  @Override
  public List<Descriptor> referrers(
      MirrorRoute route, Digest subject, Optional<String> artifactType, Deadline deadline)
      throws RegistryException {
    return observed(
            "referrers",
            () ->
                Failover.first(
                    route,
                    route.pullers(),
                    "pull",
                    deadline,
                    endpoint -> referrersAt(endpoint, subject, artifactType, deadline)))
        .orElse(List.of());
  }

  /**
   * Distribution spec 1.1 "Listing Referrers": the API, and when it answers 404 (not supported),
   * the referrers tag schema {@code <alg>-<hex>}. Filtering by artifact type is repeated here, as a
   * registry may ignore the filter (it says so in {@code OCI-Filters-Applied}).
   */
  private Optional<List<Descriptor>> referrersAt(
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
    Reply reply =
        session.send(endpoint, "GET", api, REFERRERS_ACCEPT, options.maxManifestBytes(), deadline);
    if (reply.status() == 404) {
      URI tag = endpoint.manifestUrl(subject.algorithm() + "-" + subject.hex());
      reply =
          session.send(
              endpoint, "GET", tag, REFERRERS_ACCEPT, options.maxManifestBytes(), deadline);
      if (ErrorBodies.notFound(reply)) {
        return Optional.empty();
      }
    }
    requireSuccess(reply);
    List<Descriptor> entries = ManifestParser.indexEntries(reply.body(), reply.uri());
    return Optional.of(
        entries.stream()
            .filter(d -> artifactType.isEmpty() || artifactType.equals(d.artifactType()))
            .toList());
  }

  private static void requireSuccess(Reply reply) throws RegistryException {
    if (!reply.success()) {
      throw EndpointSession.statusError(reply);
    }
  }

  private static void verify(Digest digest, byte[] body, URI url) throws RegistryException {
    if (!digest.matches(body)) {
      throw new RegistryException(
          Kind.DIGEST_MISMATCH,
          url,
          "content from "
              + url
              + " does not match "
              + digest
              + " (its bytes hash to "
              + digest.recompute(body)
              + ")");
    }
  }

  private static void checkSame(Digest wanted, Digest served, URI url) throws RegistryException {
    if (!wanted.equals(served)) {
      throw new RegistryException(
          Kind.DIGEST_MISMATCH,
          url,
          url + " answered Docker-Content-Digest " + served + ", expected " + wanted);
    }
  }

  private static Digest parseDigest(String value, URI url) throws RegistryException {
    try {
      return Digest.parse(value.trim());
    } catch (InvalidReferenceException e) {
      throw new RegistryException(
          Kind.MALFORMED,
          url,
          url + " answered an invalid " + "Docker-Content-Digest: " + e.getMessage());
    }
  }

  private static Optional<Digest> digestOf(String reference) {
    if (!reference.contains(":")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(reference));
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws RegistryException;
  }

  private <T> T observed(String operation, Call<T> call) throws RegistryException {
    long start = System.nanoTime();
    Outcome outcome = Outcome.FAILED;
    try {
      T result = call.run();
      outcome = result instanceof Optional<?> o && o.isEmpty() ? Outcome.NOT_FOUND : Outcome.FOUND;
      return result;
    } finally {
      observer.completed(operation, Duration.ofNanos(System.nanoTime() - start), outcome);
    }
  }
}
