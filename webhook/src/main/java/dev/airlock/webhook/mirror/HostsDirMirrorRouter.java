package dev.airlock.webhook.mirror;

import dev.airlock.oci.mirror.HostsConfigException;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.webhook.config.MirrorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Routes through the {@code oci} {@link MirrorMap} loaded from {@code airlock.mirror.hosts-dir} at
 * start-up; a broken {@code hosts.toml} stops start-up (style.md: a security control refuses to
 * start).
 */
@ApplicationScoped
public class HostsDirMirrorRouter implements MirrorRouter {
  private static final Logger LOG = Logger.getLogger(HostsDirMirrorRouter.class);

  private final MirrorMap map;

  public HostsDirMirrorRouter(MirrorConfig config) {
    try {
      this.map = MirrorMap.load(config.hostsDir());
    } catch (HostsConfigException e) {
      throw new IllegalStateException("cannot load mirror hosts: " + e.getMessage(), e);
    }
    LOG.infof("loaded mirror hosts from %s", config.hostsDir());
  }

  @Override
  public Optional<MirrorRoute> route(ImageReference image) {
    return map.route(image);
  }

  /** The loaded map. */
  public MirrorMap map() {
    return map;
  }

  @Override
  public boolean loaded() {
    return true;
  }
}
