package dev.airlock.probe.config;

import dev.airlock.probe.egress.EgressTarget;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The egress-bypass probe of {@code serve}. */
@ConfigMapping(prefix = "airlock.probe.egress")
public interface EgressConfig {

  /**
   * Targets that must stay unreachable, probed at {@code <target>/v2/}; each is the {@code target}
   * label of {@code airlock_egress_leak} as written here. Default: the public registries.
   */
  @WithDefault(EgressTarget.DEFAULT_TARGETS)
  List<String> targets();

  /** Per-target budget for resolve, connect, TLS handshake and the HTTP answer together. */
  @WithDefault("5s")
  Duration timeout();
}
