package dev.airlock.oci.registry;

import java.time.Duration;

/**
 * The defaults of the HTTP registry client, in one place.
 *
 * @param attempts requests per endpoint for temporary errors (1 = no retry)
 * @param initialBackoff the first retry waits a random time in [initialBackoff/2, initialBackoff];
 *     each later one doubles, up to {@code maxBackoff}; never past the call's deadline
 * @param maxBackoff upper bound of one backoff
 * @param connectTimeout TCP connect timeout when the host has no {@code dial_timeout}
 * @param maxManifestBytes largest manifest, index or referrers response accepted (containerd: 4
 *     MiB)
 * @param defaultTokenLifetime lifetime of a bearer token whose answer has no {@code expires_in}
 *     (distribution token spec: 60 s)
 * @param userAgent the {@code User-Agent} header
 * @param redirectHosts the authorities ({@code host[:port]}) a registry may redirect a request to,
 *     besides its own (e.g. the object store a mirror sends blob downloads to). A redirect to any
 *     other host, or from {@code https} to {@code http}, is refused: the webhook contacts only the
 *     hosts it is configured for.
 * @param maxConcurrentPerHost requests in flight to one endpoint authority at once; as many more
 *     wait at most 200 ms for a place and then fails, so that one mirror that accepts connections
 *     and never answers holds at most this many of the caller's threads
 */
public record RegistryClientOptions(
    int attempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration connectTimeout,
    long maxManifestBytes,
    Duration defaultTokenLifetime,
    String userAgent,
    java.util.Set<String> redirectHosts,
    int maxConcurrentPerHost) {

  /** Requests in flight to one host by default. */
  public static final int DEFAULT_MAX_CONCURRENT_PER_HOST = 32;

  /** Largest manifest containerd accepts ({@code core/remotes/docker}: {@code MaxManifestSize}). */
  public static final long CONTAINERD_MAX_MANIFEST_BYTES = 4L << 20;

  public RegistryClientOptions {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    if (maxManifestBytes < 1) {
      throw new IllegalArgumentException("maxManifestBytes must be positive");
    }
    if (maxConcurrentPerHost < 1) {
      throw new IllegalArgumentException("maxConcurrentPerHost must be at least 1");
    }
    redirectHosts = java.util.Set.copyOf(redirectHosts);
  }

  /** Options without cross-host redirects and with the default concurrency bound. */
  public RegistryClientOptions(
      int attempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration connectTimeout,
      long maxManifestBytes,
      Duration defaultTokenLifetime,
      String userAgent) {
    this(
        attempts,
        initialBackoff,
        maxBackoff,
        connectTimeout,
        maxManifestBytes,
        defaultTokenLifetime,
        userAgent,
        java.util.Set.of(),
        DEFAULT_MAX_CONCURRENT_PER_HOST);
  }

  /** These options with {@code hosts} as the hosts redirects may go to. */
  public RegistryClientOptions withRedirectHosts(java.util.Collection<String> hosts) {
    return new RegistryClientOptions(
        attempts,
        initialBackoff,
        maxBackoff,
        connectTimeout,
        maxManifestBytes,
        defaultTokenLifetime,
        userAgent,
        java.util.Set.copyOf(hosts),
        maxConcurrentPerHost);
  }

  /** These options with {@code limit} requests in flight per host. */
  public RegistryClientOptions withMaxConcurrentPerHost(int limit) {
    return new RegistryClientOptions(
        attempts,
        initialBackoff,
        maxBackoff,
        connectTimeout,
        maxManifestBytes,
        defaultTokenLifetime,
        userAgent,
        redirectHosts,
        limit);
  }

  /**
   * 3 attempts, 100 ms to 2 s backoff, 5 s connect timeout, 4 MiB manifests, 60 s tokens, no
   * cross-host redirects, 32 requests in flight per host.
   */
  public static RegistryClientOptions defaults() {
    return new RegistryClientOptions(
        3,
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        CONTAINERD_MAX_MANIFEST_BYTES,
        Duration.ofSeconds(60),
        "airlock");
  }
}
