package dev.airlock.oci.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * containerd's names for the directories of a {@code certs.d} tree, written once for the mirror
 * map, the hosts files and the probe's {@code lint-node}.
 */
public final class HostDirectories {
  private static final Pattern PORT_DIRECTORY = Pattern.compile("(.+)_([0-9]+)_");

  private HostDirectories() {}

  /**
   * The directories containerd looks in for {@code registry} ({@code host[:port]}), in order
   * ({@code HostDirFromRoot}/{@code hostPaths}, unix): {@code host_port_}, then {@code host:port},
   * then {@code _default}; the first that exists wins.
   */
  public static List<String> candidates(String registry) {
    List<String> names = new ArrayList<>(3);
    int idx = registry.lastIndexOf(':');
    if (idx > 0) {
      names.add(registry.substring(0, idx) + "_" + registry.substring(idx + 1) + "_");
    }
    names.add(registry);
    names.add(HostsFile.DEFAULT_DIRECTORY);
    return List.copyOf(names);
  }

  /** The registry a directory name configures: {@code host_port_} back to {@code host:port}. */
  public static String registryOf(String directory) {
    Matcher m = PORT_DIRECTORY.matcher(directory);
    return m.matches() ? m.group(1) + ":" + m.group(2) : directory;
  }

  /**
   * True when {@code authority} (a {@code [host]} or {@code server}) is the registry {@code
   * registry} itself: Docker Hub by any of its names ({@code docker.io}, {@code
   * registry-1.docker.io}, {@code index.docker.io}).
   */
  public static boolean sameRegistry(String authority, String registry) {
    return Registries.sameRegistry(authority, registry);
  }
}
