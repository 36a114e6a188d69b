package dev.airlock.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Caches of the request path. Failures are never cached; identical lookups are coalesced. */
@ConfigMapping(prefix = "airlock.cache")
public interface CacheConfig {

  /** How long a tag → digest answer from the mirror is reused (tags move, so keep it short). */
  @WithDefault("30s")
  Duration digestTtl();

  /** Upper bound of cached tag → digest answers. */
  @WithDefault("10000")
  int digestMaxSize();

  /**
   * How long a passed signature verification is reused. A signature removed or replaced at the
   * mirror keeps admitting its digest until then (a policy reload, e.g. a revoked key, empties the
   * cache at once); kept short for that reason.
   */
  @WithDefault("5m")
  Duration verificationTtl();

  /** Upper bound of cached verification results. */
  @WithDefault("10000")
  int verificationMaxSize();
}
