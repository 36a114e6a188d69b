package dev.airlock.probe.inuse;

import dev.airlock.probe.resolve.MirrorResolver;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
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
  private final InUseMetrics metrics;

  public InUseMonitor(PodLister pods, InUseMetrics metrics) {
    this.pods = pods;
    this.metrics = metrics;
  }

  /**
   * One round through the round's {@code mirror} (empty: the mirror configuration did not load);
   * returns the images scanned, or null when the round could not run.
   */
  public List<InUseImage> refresh(Optional<MirrorResolver> mirror) {
    if (mirror.isEmpty()) {
      LOG.warnf("in-use watch skipped: no usable mirror configuration this round");
      return null;
    }
    try {
      List<InUseImage> images = InUseScan.scan(pods.allPods(), mirror.get());
      metrics.update(images);
      images.stream()
          .filter(i -> !i.ok())
          .forEach(i -> LOG.warnf("in-use image %s: %s", i.image(), i.status()));
      return images;
    } catch (RuntimeException e) {
      LOG.warnf("in-use watch skipped: cannot list pods: %s", e.getMessage());
    }
    return null;
  }
}
