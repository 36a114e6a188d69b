package dev.airlock.probe.serve;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One round of every probe of {@code serve}. A failing probe is logged and the others still run;
 * nothing here throws.
 */
@Singleton
public class ProbeRound {
  private static final Logger LOG = Logger.getLogger(ProbeRound.class);

  private final EgressRound egress;
  private final MirrorRound mirrors;

  public ProbeRound(EgressRound egress, MirrorRound mirrors) {
    this.egress = egress;
    this.mirrors = mirrors;
  }

  public void run() {
    try {
      egress.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      LOG.error("egress probe round failed", e);
    }
    try {
      mirrors.ping(mirror -> List.<Path>of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      LOG.error("mirror probe round failed", e);
    }
    mirrors.disk();
  }
}
