package dev.airlock.probe.serve;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.probe.config.ProbeConfig;
import dev.airlock.probe.metrics.MirrorMetrics;
import dev.airlock.probe.metrics.MirrorMetrics.PullResult;
import dev.airlock.probe.resolve.MirrorResolver;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Pulls each configured image through the mirror map with the webhook's semantics: route the image
 * ({@code hosts.toml}), resolve its tag at the mirror, fetch the manifest by digest (no layers).
 * The {@code mirror} label is the origin of the route's first resolving endpoint; an image with no
 * route (unmirrored, or no usable mirror map) counts as failed with {@code mirror="none"}.
 */
@Singleton
public class PullRound {
  /** The {@code mirror} label of pulls that never reached a mirror. */
  public static final String NO_MIRROR = "none";

  private static final Logger LOG = Logger.getLogger(PullRound.class);

  private final MirrorMetrics metrics;
  private final Duration timeout;
  private final List<ImageReference> images = new ArrayList<>();
  private final List<String> invalid = new ArrayList<>();

  public PullRound(ProbeConfig config, MirrorMetrics metrics) {
    this.metrics = metrics;
    this.timeout = config.timeout();
    for (String image : config.images().orElse(List.of())) {
      try {
        images.add(ImageReference.parse(image.trim()));
      } catch (InvalidReferenceException e) {
        LOG.errorf("airlock.probe.images: %s", e.getMessage());
        invalid.add(image.trim());
      }
    }
  }

  /** The configured images that parse. */
  public List<ImageReference> images() {
    return List.copyOf(images);
  }

  /** Pulls every image once through the round's {@code mirror} (empty: none usable). */
  public void run(Optional<MirrorResolver> mirror) {
    for (String image : invalid) {
      metrics.pulled(NO_MIRROR, image, PullResult.failed);
    }
    for (ImageReference image : images) {
      Optional<MirrorRoute> route = mirror.flatMap(m -> m.map().route(image));
      if (route.isEmpty() || route.get().endpoints().isEmpty()) {
        LOG.warnf("pull %s: unmirrored (no hosts.toml routes it)", image);
        metrics.pulled(NO_MIRROR, image.toString(), PullResult.failed);
        continue;
      }
      pull(mirror.get().client(), image, route.get());
    }
  }

  private void pull(RegistryClient client, ImageReference image, MirrorRoute route) {
    String mirror = mirrorOf(route);
    long start = System.nanoTime();
    PullResult result = PullResult.failed;
    try {
      Deadline deadline = Deadline.after(timeout);
      Optional<Descriptor> found = client.resolve(route, image.identifier(), deadline);
      if (found.isEmpty()) {
        LOG.warnf("pull %s from %s: not found", image, mirror);
      } else if (client.manifest(route, found.get().digest(), deadline).isEmpty()) {
        LOG.warnf("pull %s from %s: manifest %s not found", image, mirror, found.get().digest());
      } else {
        result = PullResult.ok;
      }
    } catch (RegistryException e) {
      LOG.warnf("pull %s from %s: %s (%s)", image, mirror, e.getMessage(), e.kind());
    }
    metrics.pull(mirror, image.toString(), result, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The origin of the first endpoint that may resolve, else of the first endpoint. */
  static String mirrorOf(MirrorRoute route) {
    var endpoints = route.resolvers().isEmpty() ? route.endpoints() : route.resolvers();
    return endpoints.get(0).host().origin().toString();
  }
}
