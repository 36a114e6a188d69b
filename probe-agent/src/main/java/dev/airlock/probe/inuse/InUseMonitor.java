package dev.airlock.probe.inuse;

import dev.airlock.probe.resolve.MirrorAccess;
import dev.airlock.probe.resolve.MirrorSetupException;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The in-use watch of {@code serve}: lists the cluster's pods, resolves their images at the mirror
 * and publishes {@code airlock_mirror_in_use_image_missing{image}}. {@link #refresh()} never
 * throws; without a cluster or mirror configuration it logs and leaves the gauges as they were.
 */
@Singleton
public class InUseMonitor {
  private static final Logger LOG = Logger.getLogger(InUseMonitor.class);

  private final PodLister pods;
  private final MirrorAccess mirror;
  private final InUseMetrics metrics;

  public InUseMonitor(PodLister pods, MirrorAccess mirror, InUseMetrics metrics) {
    this.pods = pods;
    this.mirror = mirror;
    this.metrics = metrics;
  }

  /** One round; returns the images scanned, or null when the round could not run. */
  public List<InUseImage> refresh() {
    try {
      List<InUseImage> images = InUseScan.scan(pods.allPods(), mirror.open());
      metrics.update(images);
      images.stream()
          .filter(i -> !i.ok())
          .forEach(i -> LOG.warnf("in-use image %s: %s", i.image(), i.status()));
      return images;
    } catch (MirrorSetupException e) {
      LOG.warnf("in-use watch skipped: %s", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warnf("in-use watch skipped: cannot list pods: %s", e.getMessage());
    }
    return null;
  }
}
