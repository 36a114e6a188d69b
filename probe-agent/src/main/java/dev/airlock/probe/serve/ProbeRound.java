package dev.airlock.probe.serve;

import dev.airlock.oci.mirror.MirrorMap;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One round of every probe of {@code serve}: egress, image pulls, mirror pings, disk. A failing
 * probe is logged and the others still run; nothing here throws.
 */
@Singleton
public class ProbeRound {
  private static final Logger LOG = Logger.getLogger(ProbeRound.class);

  private final EgressRound egress;
  private final PullRound pulls;
  private final MirrorRound mirrors;
  private final MirrorMapSource mirrorMaps;

  public ProbeRound(
      EgressRound egress, PullRound pulls, MirrorRound mirrors, MirrorMapSource mirrorMaps) {
    this.egress = egress;
    this.pulls = pulls;
    this.mirrors = mirrors;
    this.mirrorMaps = mirrorMaps;
  }

  public void run() {
    step("egress", egress::run);
    Optional<MirrorMap> map = mirrorMaps.load();
    step("pull", () -> pulls.run(map));
    step("mirror ping", () -> mirrors.ping(m -> MirrorMapSource.caFiles(map, pulls.images(), m)));
    step("disk", mirrors::disk);
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
