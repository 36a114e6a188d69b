package dev.airlock.probe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What {@code serve} probes besides egress, and how often. */
@ConfigMapping(prefix = "airlock.probe")
public interface ProbeConfig {

  /** Time between probe rounds; the first round runs at start-up. */
  @WithDefault("60s")
  Duration interval();

  /**
   * Mirror base URLs ({@code https://registry.internal:5443}) to ping at {@code /v2/} ({@code
   * airlock_mirror_up}) and to read the TLS certificate expiry from. Their CA comes from the {@code
   * hosts.toml} entries with the same origin, plus the JVM trust store. Write them as origins, as
   * {@code hosts.toml} names them, so the {@code mirror} label matches the pull metrics' (the
   * origin of the route's endpoint). Client certificates are not presented by the ping. Unset:
   * every {@code [host]} origin of the hosts files is pinged.
   */
  Optional<List<String>> mirrors();

  /**
   * Images to pull through the mirror map each round ({@code airlock_mirror_pulls_total}, {@code
   * airlock_mirror_pull_duration_seconds}), as pods name them ({@code redis:7.2}). A pull resolves
   * the reference at the mirror and fetches its manifest (no layers). Unset: no pull probes.
   */
  Optional<List<String>> images();

  /** Budget of one mirror ping or one image pull. */
  @WithDefault("10s")
  Duration timeout();
}
