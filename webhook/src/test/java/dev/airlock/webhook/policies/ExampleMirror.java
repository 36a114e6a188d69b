package dev.airlock.webhook.policies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Points the examples at a test registry as policies/README.md "The mirror map" tells a harness to:
 * in the hosts files and the policies, {@code registry.internal} becomes the registry's {@code
 * host:port} and {@code /etc/containerd/certs.d} the test's hosts directory, and the registry's CA
 * is written to {@code <hosts-dir>/<upstream>/ca.crt}.
 */
final class ExampleMirror {
  static final String MIRROR_HOST = "registry.internal";
  static final String HOSTS_DIR = "/etc/containerd/certs.d";

  private final String authority;
  private final Path hostsDir;

  private ExampleMirror(String authority, Path hostsDir) {
    this.authority = authority;
    this.hostsDir = hostsDir;
  }

  /** Copies {@code examples/certs.d} to {@code hostsDir} for the registry at {@code authority}. */
  static ExampleMirror write(Path examples, Path hostsDir, String authority, Path caFile)
      throws IOException {
    ExampleMirror mirror = new ExampleMirror(authority, hostsDir);
    Path source = examples.resolve("certs.d");
    List<Path> upstreams;
    try (Stream<Path> dirs = Files.list(source)) {
      upstreams = dirs.filter(Files::isDirectory).sorted().toList();
    }
    if (upstreams.isEmpty()) {
      throw new IllegalStateException(source + " holds no upstream directory");
    }
    for (Path upstream : upstreams) {
      Path target = Files.createDirectories(hostsDir.resolve(upstream.getFileName().toString()));
      Files.writeString(
          target.resolve("hosts.toml"),
          mirror.substitute(Files.readString(upstream.resolve("hosts.toml"))));
      Files.copy(caFile, target.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
    }
    return mirror;
  }

  Path hostsDir() {
    return hostsDir;
  }

  /** Writes {@code policy} with the placeholders replaced to {@code target}. */
  Path policy(Path policy, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    return Files.writeString(target, substitute(Files.readString(policy)));
  }

  private String substitute(String text) {
    return text.replace(MIRROR_HOST, authority).replace(HOSTS_DIR, hostsDir.toString());
  }
}
