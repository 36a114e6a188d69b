package dev.airlock.webhook.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** The containerd mirror configuration the nodes use. */
@ConfigMapping(prefix = "airlock.mirror")
public interface MirrorConfig {

  /**
   * A containerd {@code certs.d}-style directory ({@code AIRLOCK_MIRROR_HOSTS_DIR}), the same files
   * the nodes use. Required; a broken {@code hosts.toml} refuses start-up.
   */
  Path hostsDir();
}
