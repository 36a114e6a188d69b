package dev.airlock.webhook.mirror;

import dev.airlock.oci.mirror.HostsConfigException;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.webhook.config.MirrorConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Step 4: where containerd pulls an image from — the {@code oci} {@link MirrorMap} loaded from
 * {@code airlock.mirror.hosts-dir} at start-up; a broken {@code hosts.toml} refuses start-up
 * (style.md: a security control refuses to start), so a running webhook always has its map.
 */
@Startup
@ApplicationScoped
public class MirrorRouter {
  private static final Logger LOG = Logger.getLogger(MirrorRouter.class);

  private final MirrorMap map;

  public MirrorRouter(MirrorConfig config) {
    try {
      this.map = MirrorMap.load(config.hostsDir());
    } catch (HostsConfigException e) {
      throw new IllegalStateException("cannot load mirror hosts: " + e.getMessage(), e);
    }
    LOG.infof("loaded mirror hosts from %s", config.hostsDir());
  }

  /** The route for {@code image}; empty when its registry has no mirror (unmirrored). */
  public Optional<MirrorRoute> route(ImageReference image) {
    return map.route(image);
  }

  /** The loaded map. */
  public MirrorMap map() {
    return map;
  }
}
