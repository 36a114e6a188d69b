package dev.airlock.probe.serve;

import dev.airlock.oci.mirror.HostsConfigException;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.probe.config.MirrorConfig;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads {@code airlock.mirror.hosts-dir} afresh each round, so the exporter follows the node's
 * files. Unlike the webhook (which refuses to start), a broken directory here is a log line and
 * failed pulls: the exporter must keep reporting.
 */
@Singleton
public class MirrorMapSource {
  private static final Logger LOG = Logger.getLogger(MirrorMapSource.class);

  private final MirrorConfig config;

  public MirrorMapSource(MirrorConfig config) {
    this.config = config;
  }

  /** The current mirror map; empty when none is configured or it does not load. */
  public Optional<MirrorMap> load() {
    Optional<Path> dir = config.mirror().hostsDir();
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MirrorMap.load(dir.get()));
    } catch (HostsConfigException e) {
      LOG.errorf("airlock.mirror.hosts-dir: %s", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The origins ({@code https://host[:port]}) of every {@code [host]} entry in the hosts files, in
   * file order: the mirrors to ping when {@code airlock.probe.mirrors} is not set.
   */
  public static List<String> mirrorOrigins(Optional<MirrorMap> map) {
    LinkedHashSet<String> origins = new LinkedHashSet<>();
    map.ifPresent(
        m ->
            m.files().values().stream()
                .flatMap(file -> file.hosts().stream())
                .forEach(host -> origins.add(host.origin().toString())));
    return List.copyOf(origins);
  }

  /**
   * The CA files {@code hosts.toml} gives for the endpoints whose origin is {@code mirror}'s: found
   * through the routes of {@code images} and through the mirror's own directory (an image naming
   * the mirror directly), as containerd would trust them.
   */
  public static List<Path> caFiles(
      Optional<MirrorMap> map, List<ImageReference> images, String mirror) {
    if (map.isEmpty()) {
      return List.of();
    }
    URI uri = URI.create(mirror.trim());
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    List<MirrorRoute> routes = new ArrayList<>();
    for (ImageReference image : images) {
      map.get().route(image).ifPresent(routes::add);
    }
    try {
      map.get()
          .route(ImageReference.parse(uri.getRawAuthority() + "/airlock-probe/ping"))
          .ifPresent(routes::add);
    } catch (InvalidReferenceException e) {
      // a mirror URL whose authority is no registry name has no directory of its own
    }
    LinkedHashSet<Path> files = new LinkedHashSet<>();
    map.get().files().values().stream()
        .flatMap(file -> file.hosts().stream())
        .filter(host -> host.origin().toString().equals(origin))
        .forEach(host -> files.addAll(host.caFiles()));
    for (MirrorRoute route : routes) {
      route.endpoints().stream()
          .map(endpoint -> endpoint.host())
          .filter(host -> host.origin().toString().equals(origin))
          .forEach(host -> files.addAll(host.caFiles()));
    }
    return List.copyOf(files);
  }
}
