package dev.airlock.oci.mirror;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a containerd certs.d fixture under a test's temporary directory. */
final class CertsDir {
  private final Path root;

  CertsDir(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** Writes {@code <root>/<dir>/hosts.toml}. */
  Path hostsToml(String dir, String toml) {
    return file(dir + "/hosts.toml", toml);
  }

  /** Writes {@code <root>/<relative>}. */
  Path file(String relative, String content) {
    try {
      Path p = root.resolve(relative);
      Files.createDirectories(p.getParent());
      return Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates {@code <root>/<dir>/}. */
  Path directory(String dir) {
    try {
      return Files.createDirectories(root.resolve(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  MirrorMap load() throws HostsConfigException {
    return MirrorMap.load(root);
  }
}
