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
 */
public record RegistryClientOptions(
    int attempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration connectTimeout,
    long maxManifestBytes,
    Duration defaultTokenLifetime,
    String userAgent) {

  /** Largest manifest containerd accepts ({@code core/remotes/docker}: {@code MaxManifestSize}). */
  public static final long CONTAINERD_MAX_MANIFEST_BYTES = 4L << 20;

  public RegistryClientOptions {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    if (maxManifestBytes < 1) {
      throw new IllegalArgumentException("maxManifestBytes must be positive");
    }
  }

  /** 3 attempts, 100 ms to 2 s backoff, 5 s connect timeout, 4 MiB manifests, 60 s tokens. */
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
