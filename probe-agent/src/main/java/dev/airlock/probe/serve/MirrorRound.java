package dev.airlock.probe.serve;

import dev.airlock.oci.tls.TrustStores;
import dev.airlock.probe.config.DiskConfig;
import dev.airlock.probe.config.ProbeConfig;
import dev.airlock.probe.metrics.MirrorMetrics;
import dev.airlock.probe.mirror.DiskUsage;
import dev.airlock.probe.mirror.MirrorPing;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.X509TrustManager;
import org.jboss.logging.Logger;

/** Pings each configured mirror and reads the mirror's disk; failures become metrics and logs. */
@Singleton
public class MirrorRound {
  private static final Logger LOG = Logger.getLogger(MirrorRound.class);

  private final ProbeConfig config;
  private final DiskConfig disk;
  private final MirrorMetrics metrics;

  public MirrorRound(ProbeConfig config, DiskConfig disk, MirrorMetrics metrics) {
    this.config = config;
    this.disk = disk;
    this.metrics = metrics;
  }

  /**
   * Pings every mirror of {@code airlock.probe.mirrors} (when unset, {@code discovered}: the mirror
   * hosts of the hosts files), trusting the JVM store plus the CA files {@code caFilesOf} gives for
   * the mirror (from {@code hosts.toml}).
   */
  public void ping(List<String> discovered, Function<String, List<Path>> caFilesOf)
      throws InterruptedException {
    for (String mirror : config.mirrors().orElse(discovered)) {
      try {
        X509TrustManager trust = TrustStores.withExtraCaFiles(caFilesOf.apply(mirror));
        MirrorPing.Result result = MirrorPing.ping(mirror, trust, config.timeout());
        metrics.up(mirror, result.up());
        result.certificateExpiry().ifPresent(expiry -> metrics.certificateExpiry(mirror, expiry));
        if (!result.up()) {
          LOG.warnf("mirror %s is down: %s", mirror, result.outcome().describe());
        }
      } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
        metrics.up(mirror, false);
        LOG.errorf("mirror %s: cannot probe: %s", mirror, e.getMessage());
      }
    }
  }

  /** Records the disk usage of {@code airlock.probe.disk.path}, when set. */
  public void disk() {
    if (disk.path().isEmpty()) {
      return;
    }
    Path path = disk.path().get();
    String mirror =
        disk.mirror()
            .or(() -> config.mirrors().flatMap(list -> list.stream().findFirst()))
            .orElse(path.toString());
    try {
      metrics.diskUsed(mirror, DiskUsage.usedRatio(path));
    } catch (IOException e) {
      LOG.errorf("airlock.probe.disk.path %s: %s", path, e.getMessage());
    }
  }
}
