package dev.airlock.oci.mirror;

import dev.airlock.oci.ref.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A containerd {@code certs.d} directory ({@code <host>/hosts.toml}, {@code _default/hosts.toml})
 * read with containerd {@code docs/hosts.md} semantics, plus airlock's rules (design.md "Mirror
 * semantics"): the public upstream is never an endpoint, so a {@code server} naming the image's own
 * registry is dropped and containerd's implicit upstream fallback is never added; a file with no
 * endpoint left leaves the image unmirrored. An image naming a mirror directly (a host that is an
 * endpoint of some {@code hosts.toml}) is routed by the mirror's own directory exactly as
 * containerd does it, implicit host included, because there the upstream is the mirror.
 *
 * <p>Every file is parsed at {@link #load}; a broken one fails the load.
 */
public final class MirrorMap {
  private final Map<String, HostsFile> byDirectory;
  private final Set<String> mirrors;

  private MirrorMap(Map<String, HostsFile> byDirectory) {
    this.byDirectory = byDirectory;
    Set<String> found = new HashSet<>();
    for (HostsFile file : byDirectory.values()) {
      file.hosts().forEach(h -> found.add(h.authority()));
      if (!file.serverNamesUpstream()) {
        file.server().ifPresent(s -> found.add(s.authority()));
      }
    }
    this.mirrors = Set.copyOf(found);
  }

  /** Loads every {@code hosts.toml} under {@code hostsDir}; any broken file fails the load. */
  public static MirrorMap load(Path hostsDir) throws HostsConfigException {
    return load(hostsDir, HostsFileParser.containerd());
  }

  /**
   * Loads every host directory under {@code hostsDir} with {@code parser}. A directory whose {@code
   * hosts.toml} is missing or empty is read as containerd does (Docker certificate files).
   */
  public static MirrorMap load(Path hostsDir, HostsFileParser parser) throws HostsConfigException {
    if (!Files.isDirectory(hostsDir)) {
      throw new HostsConfigException(hostsDir, "not a directory");
    }
    List<Path> dirs;
    try (Stream<Path> list = Files.list(hostsDir)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new HostsConfigException(hostsDir, "cannot list: " + e, e);
    }
    Map<String, HostsFile> files = new LinkedHashMap<>();
    for (Path dir : dirs) {
      Path toml = dir.resolve("hosts.toml");
      HostsFile file = isNonEmptyFile(toml) ? parser.parse(toml) : DockerCertsDirectory.read(dir);
      files.put(dir.getFileName().toString(), file);
    }
    return new MirrorMap(files);
  }

  private static boolean isNonEmptyFile(Path file) throws HostsConfigException {
    try {
      // containerd (loadHostDir) treats an empty hosts.toml as absent.
      return Files.isRegularFile(file) && Files.size(file) > 0;
    } catch (IOException e) {
      throw new HostsConfigException(file, "cannot read: " + e, e);
    }
  }

  /**
   * Every host authority the files name ({@code [host]} entries and {@code server}s, the upstream
   * ones included): the hosts a registry client may be redirected to.
   */
  public Set<String> authorities() {
    Set<String> all = new java.util.TreeSet<>();
    for (HostsFile file : byDirectory.values()) {
      file.hosts().forEach(h -> all.add(h.authority()));
      file.server().ifPresent(s -> all.add(s.authority()));
    }
    return java.util.Collections.unmodifiableSet(all);
  }

  /** The loaded host directories by name, in name order. */
  public Map<String, HostsFile> files() {
    return java.util.Collections.unmodifiableMap(byDirectory);
  }

  /** The route containerd takes for {@code image}; empty when the image is unmirrored. */
  public Optional<MirrorRoute> route(ImageReference image) {
    String registry = image.registry();
    Optional<HostsFile> file = directoryFor(registry);
    List<HostEndpoint> hosts = hostsFor(registry);
    if (file.isEmpty() || hosts.isEmpty()) {
      return Optional.empty();
    }
    List<MirrorEndpoint> endpoints =
        hosts.stream()
            .map(
                h ->
                    new MirrorEndpoint(
                        h,
                        image.repository(),
                        Registries.sendsNamespace(h.authority(), registry) ? registry : null))
            .toList();
    return Optional.of(
        new MirrorRoute(image, registry, file.get().file(), endpoints, mirrorLocation(endpoints)));
  }

  /**
   * The hosts containerd tries, in order, for any image of {@code registry} (a registry authority,
   * {@code host[:port]}): the {@code [host]} entries of its directory (or of {@code _default}),
   * then the upstream where containerd would fall back to it. Empty when nothing routes it.
   */
  public List<HostEndpoint> hostsFor(String registry) {
    Optional<HostsFile> found = directoryFor(registry);
    if (found.isEmpty()) {
      return List.of();
    }
    HostsFile file = found.get();
    List<HostEndpoint> hosts = new ArrayList<>(file.hosts());
    boolean ownDirectory = !file.directory().equals(HostsFile.DEFAULT_DIRECTORY);
    if (ownDirectory && mirrors.contains(registry)) {
      hosts.add(file.server().orElseGet(() -> file.implicitServer(registry)));
    } else if (!file.serverNames(registry)) {
      file.server().ifPresent(hosts::add);
    }
    return List.copyOf(hosts);
  }

  /**
   * containerd {@code HostDirFromRoot}/{@code hostPaths} (unix): {@code host_port_}, then {@code
   * host:port}, then {@code _default}; the first directory that exists wins, with or without a
   * {@code hosts.toml} in it.
   */
  private Optional<HostsFile> directoryFor(String registry) {
    return HostDirectories.candidates(registry).stream()
        .filter(byDirectory::containsKey)
        .findFirst()
        .map(byDirectory::get);
  }

  /**
   * design.md: from the first endpoint with {@code resolve} (else the first endpoint; a file's
   * endpoints are replicas of one mirror): {@code host[:port]}, then with {@code override_path} the
   * URL path without a leading {@code /v2}, then the repository. "With resolve" as containerd reads
   * it: a host where tags are resolved, i.e. with {@code pull} too ({@link
   * HostEndpoint#resolvesTags}); the same for tag and digest references, so a pinned image keeps
   * its location.
   */
  private static String mirrorLocation(List<MirrorEndpoint> endpoints) {
    MirrorEndpoint first =
        endpoints.stream()
            .filter(e -> e.host().resolvesTags())
            .findFirst()
            .orElse(endpoints.get(0));
    HostEndpoint host = first.host();
    String prefix = "";
    if (host.overridePath()) {
      String path = host.apiPath();
      prefix = path.equals("/v2") ? "" : path.startsWith("/v2/") ? path.substring(3) : path;
    }
    return host.authority() + prefix + "/" + first.repository();
  }
}
