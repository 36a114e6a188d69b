package dev.airlock.probe.inuse;

import dev.airlock.probe.metrics.ProbeMetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code airlock_mirror_in_use_image_missing{image}}: 1 for each image run in the cluster that the
 * mirror cannot serve. Series exist only for missing images (bounded by what pods run), and vanish
 * when the image resolves again or no pod runs it. When the mirror cannot answer for an image
 * (outage, deadline) its last state is kept, so an outage neither raises nor clears the alert.
 */
@Singleton
public class InUseMetrics {
  /** Micrometer name of {@code airlock_mirror_in_use_image_missing}. */
  public static final String MISSING = ProbeMetricNames.IN_USE_IMAGE_MISSING;

  private final MultiGauge gauge;
  private Map<String, Boolean> last = Map.of();

  public InUseMetrics(MeterRegistry registry) {
    this.gauge =
        MultiGauge.builder(MISSING)
            .description("1 for an image run by a pod that does not resolve at the mirror")
            .register(registry);
  }

  public synchronized void update(List<InUseImage> images) {
    Map<String, Boolean> now = new TreeMap<>();
    for (InUseImage image : images) {
      if (image.missing()) {
        now.put(image.image(), true);
      } else if (!image.ok() && last.containsKey(image.image())) {
        now.put(image.image(), last.get(image.image()));
      }
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    now.keySet().forEach(image -> rows.add(MultiGauge.Row.of(Tags.of("image", image), 1.0)));
    gauge.register(rows, true);
    last = now;
  }
}
