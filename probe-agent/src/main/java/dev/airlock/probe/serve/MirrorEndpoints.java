package dev.airlock.probe.serve;

import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What the mirror ping of a {@code serve} round reads from the round's mirror map: which mirrors to
 * ping and the CA files {@code hosts.toml} gives for each.
 */
public final class MirrorEndpoints {
  private MirrorEndpoints() {}

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
   * through the routes of {@code images} and through the mirror's own directory ({@link
   * MirrorMap#hostsFor}), as containerd would trust them.
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
    // the mirror's own directory: an image that names the mirror directly
    map.get().hostsFor(uri.getRawAuthority()).stream()
        .filter(host -> host.origin().toString().equals(origin))
        .forEach(host -> files.addAll(host.caFiles()));
    return List.copyOf(files);
  }
}
