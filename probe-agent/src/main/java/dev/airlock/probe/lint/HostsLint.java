package dev.airlock.probe.lint;

import dev.airlock.oci.mirror.HostDirectories;
import dev.airlock.oci.mirror.HostEndpoint;
import dev.airlock.oci.mirror.HostOptions;
import dev.airlock.oci.mirror.HostsConfigException;
import dev.airlock.oci.mirror.HostsFile;
import dev.airlock.oci.mirror.HostsFileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Lints the {@code certs.d} directories of a node (containerd {@code docs/hosts.md}): every
 * upstream registry checked has a {@code hosts.toml} naming a mirror; no host skips TLS
 * verification; CA files are valid; a file with an {@code Authorization} header is private to root;
 * and a fallback to the public upstream (explicit {@code server}, or none, which makes containerd
 * add it) is a warning.
 */
final class HostsLint {
  private static final String HOSTS_TOML = "hosts.toml";

  record Result(List<Finding> findings, List<String> hosts) {}

  private final CaFileCheck caCheck;

  HostsLint(CaFileCheck caCheck) {
    this.caCheck = caCheck;
  }

  /**
   * @param configVersion the containerd config version: 1 and 2 are containerd 1.x, whose 1.6 and
   *     early 1.7 releases reject a {@code hosts.toml} without a {@code [host]} table
   */
  Result lint(NodeRoot root, List<Path> certsDirs, Set<String> required, int configVersion) {
    Set<Finding> findings = new LinkedHashSet<>();
    HostsFileParser parser = HostsFileParser.underRoot(root.dir());
    // Per certs.d root, in config_path order: directory name -> parsed file (absent: none/broken).
    // A directory shadowed by the same name in an earlier root is never read by containerd.
    List<Map<String, Optional<HostsFile>>> roots = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (Path certsDir : certsDirs) {
      Map<String, Optional<HostsFile>> dirs = new LinkedHashMap<>();
      for (Path dir : subdirectories(certsDir, root, findings)) {
        if (seen.add(dir.getFileName().toString())) {
          dirs.put(dir.getFileName().toString(), parse(parser, root, dir, findings));
        }
      }
      roots.add(dirs);
    }
    Set<String> mirrors = new TreeSet<>();
    for (Map<String, Optional<HostsFile>> dirs : roots) {
      for (Optional<HostsFile> file : dirs.values()) {
        file.ifPresent(f -> mirrors.addAll(mirrorAuthorities(f)));
        file.ifPresent(f -> findings.addAll(endpointChecks(root, f)));
        if (configVersion < 3) {
          file.filter(f -> !f.hasHostTable())
              .ifPresent(f -> findings.add(withoutHostTable(root, f)));
        }
      }
    }
    Set<String> upstreams = new TreeSet<>(required);
    for (Map<String, Optional<HostsFile>> dirs : roots) {
      for (String name : dirs.keySet()) {
        String namespace = HostDirectories.registryOf(name);
        if (!name.equals(HostsFile.DEFAULT_DIRECTORY) && !mirrors.contains(namespace)) {
          upstreams.add(namespace);
        }
      }
    }
    for (String upstream : upstreams) {
      findings.addAll(checkUpstream(root, certsDirs, roots, upstream));
    }
    return new Result(List.copyOf(findings), List.copyOf(upstreams));
  }

  private List<Finding> checkUpstream(
      NodeRoot root,
      List<Path> certsDirs,
      List<Map<String, Optional<HostsFile>>> roots,
      String upstream) {
    // containerd hostDirFromRoots/hostPaths: per root, host_port_, host:port, then _default.
    for (int i = 0; i < roots.size(); i++) {
      for (String candidate : HostDirectories.candidates(upstream)) {
        if (!roots.get(i).containsKey(candidate)) {
          continue;
        }
        Path dir = certsDirs.get(i).resolve(candidate);
        String shown = root.display(dir.resolve(HOSTS_TOML));
        Optional<HostsFile> file = roots.get(i).get(candidate);
        if (file.isEmpty()) {
          return isNonEmptyFile(dir.resolve(HOSTS_TOML))
              ? List.of() // broken file: already reported
              : List.of(
                  Finding.error(
                      LintCheck.HOSTS_FILE,
                      shown,
                      "no hosts.toml: " + upstream + " is pulled from its public registry"));
        }
        return upstreamChecks(file.get(), shown, upstream);
      }
    }
    Path wouldBe = certsDirs.get(0).resolve(upstream).resolve(HOSTS_TOML);
    return List.of(
        Finding.error(
            LintCheck.HOSTS_FILE,
            root.display(wouldBe),
            "no hosts.toml: " + upstream + " is pulled from its public registry"));
  }

  private static List<Finding> upstreamChecks(HostsFile file, String shown, String upstream) {
    List<HostEndpoint> mirrors = new ArrayList<>();
    List<String> fallbacks = new ArrayList<>();
    for (HostEndpoint host : file.hosts()) {
      if (names(host, upstream)) {
        fallbacks.add("[host.\"" + written(host) + "\"] is the public registry " + upstream);
      } else {
        mirrors.add(host);
      }
    }
    if (file.server().isEmpty()) {
      fallbacks.add(
          "no server: containerd adds "
              + file.implicitServer(upstream).origin()
              + " after the mirrors");
    } else if (file.serverNames(upstream)) {
      fallbacks.add("server = \"" + written(file.server().get()) + "\" is the public registry");
    } else {
      mirrors.add(file.server().get());
    }
    if (mirrors.isEmpty()) {
      return List.of(
          Finding.error(
              LintCheck.HOSTS_FILE,
              shown,
              "names no mirror for " + upstream + ": it is pulled from its public registry"));
    }
    List<Finding> findings = new ArrayList<>();
    for (String fallback : fallbacks) {
      findings.add(
          Finding.warning(
              LintCheck.UPSTREAM_FALLBACK,
              shown,
              fallback + "; " + upstream + " falls back to it when the mirror fails"));
    }
    return findings;
  }

  /** containerd issue #10027 ("invalid `host` tree"), fixed by containerd PR #10028. */
  private static Finding withoutHostTable(NodeRoot root, HostsFile file) {
    return Finding.error(
        LintCheck.HOSTS_FILE,
        root.display(file.file()),
        "has no [host] table: containerd 1.6 and 1.7 before containerd PR #10028 reject the file"
            + " and use the registry's default host");
  }

  /** skip_verify, CA files and Authorization headers of every host the file configures. */
  private List<Finding> endpointChecks(NodeRoot root, HostsFile file) {
    String shown = root.display(file.file());
    List<Finding> findings = new ArrayList<>();
    Map<String, HostEndpointView> views = new LinkedHashMap<>();
    for (HostEndpoint host : file.hosts()) {
      views.put("[host.\"" + written(host) + "\"]", HostEndpointView.of(host));
    }
    views.put(
        file.server().map(s -> "server \"" + written(s) + "\"").orElse("the root table"),
        HostEndpointView.of(file.rootOptions()));
    Set<Path> cas = new LinkedHashSet<>();
    for (Map.Entry<String, HostEndpointView> entry : views.entrySet()) {
      HostEndpointView view = entry.getValue();
      if (view.skipVerify()) {
        findings.add(
            Finding.error(
                LintCheck.SKIP_VERIFY,
                shown,
                entry.getKey() + " sets skip_verify = true: TLS is not verified"));
      }
      cas.addAll(view.caFiles());
      if (view.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("authorization"))) {
        findings.addAll(
            CredentialFileCheck.check(
                file.file(), shown, "Authorization header of " + entry.getKey()));
      }
    }
    for (Path ca : cas) {
      findings.addAll(caCheck.check(root, shown, ca));
    }
    return findings;
  }

  /** The settings the endpoint checks read, from a host entry or the root table. */
  private record HostEndpointView(
      boolean skipVerify, List<Path> caFiles, Map<String, List<String>> headers) {
    static HostEndpointView of(HostEndpoint host) {
      return new HostEndpointView(host.skipVerify(), host.caFiles(), host.headers());
    }

    static HostEndpointView of(HostOptions options) {
      return new HostEndpointView(options.skipVerify(), options.caFiles(), options.headers());
    }
  }

  /** The host URL as written: containerd appends {@code /v2} unless {@code override_path}. */
  private static String written(HostEndpoint host) {
    String path = host.apiPath();
    if (!host.overridePath() && path.endsWith("/v2")) {
      path = path.substring(0, path.length() - 3);
    }
    return host.origin() + path;
  }

  /** Hosts a file sends pulls to other than its own upstream: the mirrors. */
  private static Set<String> mirrorAuthorities(HostsFile file) {
    Set<String> mirrors = new TreeSet<>();
    for (HostEndpoint host : file.hosts()) {
      mirrors.add(host.authority());
    }
    if (!file.serverNamesUpstream()) {
      file.server().ifPresent(s -> mirrors.add(s.authority()));
    }
    return mirrors;
  }

  /**
   * True when {@code host} is the registry {@code upstream} itself; Docker Hub by any of its names
   * (containerd {@code hosts.go}: {@code docker.io} is served by {@code registry-1.docker.io}).
   */
  private static boolean names(HostEndpoint host, String upstream) {
    return HostDirectories.sameRegistry(host.authority(), upstream);
  }

  private static Optional<HostsFile> parse(
      HostsFileParser parser, NodeRoot root, Path dir, Set<Finding> findings) {
    Path toml = dir.resolve(HOSTS_TOML);
    try {
      if (!Files.isRegularFile(toml) || Files.size(toml) == 0) {
        return Optional.empty(); // containerd treats an empty hosts.toml as absent
      }
      return Optional.of(parser.parse(toml));
    } catch (HostsConfigException | IOException e) {
      String message = e.getMessage();
      String prefix = toml + ": ";
      findings.add(
          Finding.error(
              LintCheck.HOSTS_FILE,
              root.display(toml),
              message.startsWith(prefix) ? message.substring(prefix.length()) : message));
      return Optional.empty();
    }
  }

  private static boolean isNonEmptyFile(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Path> subdirectories(Path certsDir, NodeRoot root, Set<Finding> findings) {
    try (Stream<Path> list = Files.list(certsDir)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      findings.add(
          Finding.error(
              LintCheck.CONFIG_PATH, root.display(certsDir), "cannot list: " + e.getMessage()));
      return List.of();
    }
  }
}
