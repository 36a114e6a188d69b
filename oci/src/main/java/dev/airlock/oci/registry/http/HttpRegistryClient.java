package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.Capability;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.RegistryObserver.Outcome;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.registry.auth.TokenCache;
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
  private final RegistryClientOptions options;
  private final EndpointSession session;
  private final RegistryObserver observer;
  private final ManifestResolver resolver;
  private final ManifestPuller manifests;
  private final BlobPuller blobs;
  private final BlobChecker blobChecks;
  private final ReferrersLister referrers;

  public HttpRegistryClient(
      RegistryClientOptions options, CredentialStore credentials, RegistryObserver observer) {
    this.options = options;
    this.observer = observer;
    RedirectPolicy redirects = new RedirectPolicy(options.redirectHosts());
    Authorizer authorizer =
        new Authorizer(
            credentials,
            new TokenCache(),
            options.defaultTokenLifetime(),
            options.userAgent(),
            redirects);
    this.session =
        new EndpointSession(
            new TlsClients(options.connectTimeout()), authorizer, options, redirects);
    this.resolver = new ManifestResolver(session, options.maxManifestBytes());
    this.manifests = new ManifestPuller(session, options.maxManifestBytes());
    this.blobs = new BlobPuller(session);
    this.blobChecks = new BlobChecker(session);
    this.referrers = new ReferrersLister(session, options.maxManifestBytes());
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
                byDigest.isPresent() ? Capability.PULL : Capability.RESOLVE,
                deadline,
                endpoint -> resolver.resolve(endpoint, reference, byDigest, deadline)));
  }

  @Override
  public Optional<Manifest> manifest(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    return observed(
        "manifest",
        () ->
            Failover.first(
                route,
                Capability.PULL,
                deadline,
                endpoint -> manifests.at(endpoint, digest, deadline)));
  }

  @Override
  public Optional<Manifest> manifestByTag(MirrorRoute route, String tag, Deadline deadline)
      throws RegistryException {
    return observed(
        "manifest",
        () ->
            Failover.first(
                route,
                Capability.RESOLVE,
                deadline,
                endpoint -> manifests.byTag(endpoint, tag, deadline)));
  }

  @Override
  public Optional<byte[]> blob(MirrorRoute route, Digest digest, long maxBytes, Deadline deadline)
      throws RegistryException {
    return observed(
        "blob",
        () ->
            Failover.first(
                route,
                Capability.PULL,
                deadline,
                endpoint -> blobs.at(endpoint, digest, maxBytes, deadline)));
  }

  @Override
  public boolean blobExists(MirrorRoute route, Digest digest, Deadline deadline)
      throws RegistryException {
    return observed(
            "blob_exists",
            () ->
                Failover.first(
                    route,
                    Capability.PULL,
                    deadline,
                    endpoint -> blobChecks.at(endpoint, digest, deadline)))
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
                    Capability.PULL,
                    deadline,
                    endpoint -> referrers.list(endpoint, subject, artifactType, deadline)))
        .orElse(List.of());
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
