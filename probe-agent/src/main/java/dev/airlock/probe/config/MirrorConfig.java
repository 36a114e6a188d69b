package dev.airlock.probe.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** The mirror keys shared with the webhook (design.md "Webhook configuration"). */
@ConfigMapping(prefix = "airlock")
public interface MirrorConfig {

  /** Where the mirror is: the containerd {@code certs.d} directory. */
  Mirror mirror();

  /** How to authenticate to the mirror. */
  Registry registry();

  /** {@code airlock.mirror.*}. */
  interface Mirror {
    /**
     * A containerd {@code certs.d}-style directory ({@code <host>/hosts.toml}), the same files the
     * nodes use. Unset: every image is unmirrored (the pull probes report failures).
     */
    Optional<Path> hostsDir();
  }

  /** {@code airlock.registry.*}. */
  interface Registry {
    /** Optional docker {@code config.json} with credentials for the mirror hosts. */
    Optional<Path> authFile();
  }
}
