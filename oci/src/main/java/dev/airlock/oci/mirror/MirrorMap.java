package dev.airlock.oci.mirror;

import dev.airlock.oci.ref.ImageReference;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A containerd {@code certs.d} directory ({@code <host>/hosts.toml}, {@code _default/hosts.toml})
 * read with containerd {@code docs/hosts.md} semantics. API fixed; implementation in progress.
 */
public final class MirrorMap {
  private MirrorMap() {}

  /** Loads every {@code hosts.toml} under {@code hostsDir}; any broken file fails the load. */
  public static MirrorMap load(Path hostsDir) throws HostsConfigException {
    throw new UnsupportedOperationException("MirrorMap.load is being written");
  }

  /** The route containerd takes for {@code image}; empty when the image is unmirrored. */
  public Optional<MirrorRoute> route(ImageReference image) {
    throw new UnsupportedOperationException("MirrorMap.route is being written");
  }
}
