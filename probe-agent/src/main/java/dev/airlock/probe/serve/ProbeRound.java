package dev.airlock.probe.serve;

import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.probe.inuse.InUseConfig;
import dev.airlock.probe.inuse.InUseMonitor;
import dev.airlock.probe.lint.NodeConfigMonitor;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One round of every probe of {@code serve}: egress, image pulls, mirror pings, disk, node config
 * lint, and the in-use watch when enabled. A failing probe is logged and the others still run;
 * nothing here throws.
 */
@Singleton
public class ProbeRound {
  private static final Logger LOG = Logger.getLogger(ProbeRound.class);

  private final EgressRound egress;
  private final PullRound pulls;
  private final MirrorRound mirrors;
  private final MirrorMapSource mirrorMaps;
  private final NodeConfigMonitor nodeConfig;
  private final InUseMonitor inUse;
  private final InUseConfig inUseConfig;

  public ProbeRound(
      EgressRound egress,
      PullRound pulls,
      MirrorRound mirrors,
      MirrorMapSource mirrorMaps,
      NodeConfigMonitor nodeConfig,
      InUseMonitor inUse,
      InUseConfig inUseConfig) {
    this.egress = egress;
    this.pulls = pulls;
    this.mirrors = mirrors;
    this.mirrorMaps = mirrorMaps;
    this.nodeConfig = nodeConfig;
    this.inUse = inUse;
    this.inUseConfig = inUseConfig;
  }

  public void run() {
    step("egress", egress::run);
    Optional<MirrorMap> map = mirrorMaps.load();
    step("pull", () -> pulls.run(map));
    step(
        "mirror ping",
        () ->
            mirrors.ping(
                MirrorMapSource.mirrorOrigins(map),
                m -> MirrorMapSource.caFiles(map, pulls.images(), m)));
    step("disk", mirrors::disk);
    step("node config", nodeConfig::refresh);
    if (inUseConfig.enabled()) {
      step("in-use", inUse::refresh);
    }
  }

  /** One probe of the round. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static void step(String name, Step step) {
    if (Thread.currentThread().isInterrupted()) {
      return;
    }
    try {
      step.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A bug, not a probe result (those are metrics): keep serving, say so loudly.
      LOG.errorf(e, "%s probe failed", name);
    }
  }
}
