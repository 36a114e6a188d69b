package dev.airlock.probe.inuse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The in-use watch of {@code serve}. */
@ConfigMapping(prefix = "airlock.probe.in-use")
public interface InUseConfig {

  /**
   * {@code airlock.probe.in-use.enabled} ({@code AIRLOCK_PROBE_IN_USE_ENABLED}): list the cluster's
   * pods every round and export {@code airlock_mirror_in_use_image_missing}. Needs read access to
   * pods; off by default because outside a cluster there is no API server to ask, and one watcher
   * per cluster is enough (the chart turns it on for one replica, not for every node).
   */
  @WithDefault("false")
  boolean enabled();
}
