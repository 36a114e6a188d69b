package dev.airlock.probe.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** The mirror's storage, when its volume is mounted into the probe. */
@ConfigMapping(prefix = "airlock.probe.disk")
public interface DiskConfig {

  /**
   * A path on the registry's storage volume (mounted read-only). Its file store gives {@code
   * airlock_mirror_disk_used_ratio}: used / (used + available), as {@code df} reports it. Unset: no
   * disk metric.
   */
  Optional<Path> path();

  /**
   * The {@code mirror} label of the disk metric. Default: the first of {@code
   * airlock.probe.mirrors}, else the path.
   */
  Optional<String> mirror();
}
