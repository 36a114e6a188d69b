package dev.airlock.oci.mirror;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One parsed {@code hosts.toml}, as written: nothing dropped, no file checked for existence. Made
 * by {@link HostsFileParser}; {@link MirrorMap} applies airlock's routing rules on top, and the
 * probe's {@code lint-node} reads it directly (server, whether it names the upstream, host entries
 * with {@code skip_verify} and CA paths).
 *
 * @param file the {@code hosts.toml} (or, for a host directory without one, the path it would have)
 * @param directory the name of the host directory: {@code docker.io}, {@code 127.0.0.1_5443_},
 *     {@code 127.0.0.1:5443} or {@code _default}
 * @param hosts the {@code [host."…"]} entries in file order
 * @param server the {@code server} entry, with the root table's settings
 * @param rootOptions the root table's settings; containerd applies them to {@code server}, or, when
 *     {@code server} is absent, to the implicit upstream host it adds
 * @param hasHostTable whether the file has a {@code host} table at all (an empty {@code [host]}
 *     counts). containerd 1.6.x (1.6.20 checked) and 1.7 before containerd PR #10028 reject a file
 *     without one ("invalid `host` tree", issue #10027) and fall back to the upstream registry, so
 *     a server-only file does not route there; the probe's lint should report it.
 */
public record HostsFile(
    Path file,
    String directory,
    List<HostEndpoint> hosts,
    Optional<HostEndpoint> server,
    HostOptions rootOptions,
    boolean hasHostTable) {

  /** The host directory that applies to every registry without its own (docs/hosts.md). */
  public static final String DEFAULT_DIRECTORY = "_default";

  public HostsFile {
    hosts = List.copyOf(hosts);
  }

  /**
   * The registry namespace this directory configures: the directory name, with containerd's {@code
   * host_port_} spelling turned back into {@code host:port}; empty for {@code _default}, which
   * configures every registry.
   */
  public Optional<String> namespace() {
    if (directory.equals(DEFAULT_DIRECTORY)) {
      return Optional.empty();
    }
    return Optional.of(HostDirectories.registryOf(directory));
  }

  /**
   * True when {@code server} names this directory's own upstream registry (for {@code docker.io}
   * also {@code registry-1.docker.io} and {@code index.docker.io}), i.e. containerd's fallback to
   * the public registry. Always false for {@code _default}; use {@link #serverNames(String)} with
   * the image's registry there.
   */
  public boolean serverNamesUpstream() {
    return namespace().map(this::serverNames).orElse(false);
  }

  /** True when {@code server} is the registry {@code registry} itself. */
  public boolean serverNames(String registry) {
    return server.map(s -> Registries.sameRegistry(s.authority(), registry)).orElse(false);
  }

  /** {@code [host]} entries, then {@code server}: containerd's order, nothing dropped. */
  public List<HostEndpoint> endpointsAsWritten() {
    List<HostEndpoint> all = new ArrayList<>(hosts);
    server.ifPresent(all::add);
    return all;
  }

  /**
   * The host containerd (1.6/1.7 {@code hosts.go} {@code ConfigureHosts}) adds when {@code server}
   * is absent: {@code https://<registry>/v2} ({@code registry-1.docker.io} for {@code docker.io});
   * for {@code localhost} or a loopback IP {@code http://<registry>/v2} with {@code skip_verify};
   * with all capabilities and the root table's TLS settings.
   */
  public HostEndpoint implicitServer(String registry) {
    HostOptions options = rootOptions.withAllCapabilities();
    if (Registries.isLocalhost(registry)) {
      return options.withSkipVerify().endpoint(URI.create("http://" + registry));
    }
    return options.endpoint(URI.create("https://" + Registries.serverFor(registry)));
  }
}
