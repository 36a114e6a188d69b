package dev.airlock.probe.serve;

import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.probe.inuse.InUseConfig;
import dev.airlock.probe.inuse.InUseMonitor;
import dev.airlock.probe.lint.NodeConfigMonitor;
import dev.airlock.probe.resolve.MirrorAccess;
import dev.airlock.probe.resolve.MirrorResolver;
import dev.airlock.probe.resolve.MirrorSetupException;
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
  private final MirrorAccess mirrorAccess;
  private final NodeConfigMonitor nodeConfig;
  private final InUseMonitor inUse;
  private final InUseConfig inUseConfig;

  public ProbeRound(
      EgressRound egress,
      PullRound pulls,
      MirrorRound mirrors,
      MirrorAccess mirrorAccess,
      NodeConfigMonitor nodeConfig,
      InUseMonitor inUse,
      InUseConfig inUseConfig) {
    this.egress = egress;
    this.pulls = pulls;
    this.mirrors = mirrors;
    this.mirrorAccess = mirrorAccess;
    this.nodeConfig = nodeConfig;
    this.inUse = inUse;
    this.inUseConfig = inUseConfig;
  }

  public void run() {
    step("egress", egress::run);
    // The hosts directory is read once per round; every probe of the round sees the same map.
    Optional<MirrorMap> map = Optional.empty();
    Optional<MirrorResolver> mirror = Optional.empty();
    if (mirrorAccess.configured()) {
      try {
        map = Optional.of(mirrorAccess.map());
        mirror = Optional.of(mirrorAccess.open(map.get()));
      } catch (MirrorSetupException e) {
        // the exporter keeps reporting: the round's pulls are counted as failed
        LOG.errorf("%s", e.getMessage());
      }
    }
    Optional<MirrorMap> roundMap = map;
    Optional<MirrorResolver> roundMirror = mirror;
    step("pull", () -> pulls.run(roundMirror));
    step(
        "mirror ping",
        () ->
            mirrors.ping(
                MirrorEndpoints.mirrorOrigins(roundMap),
                m -> MirrorEndpoints.caFiles(roundMap, pulls.images(), m)));
    step("disk", mirrors::disk);
    step("node config", nodeConfig::refresh);
    if (inUseConfig.enabled()) {
      step("in-use", () -> inUse.refresh(roundMirror));
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
