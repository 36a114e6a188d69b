package dev.airlock.oci.mirror;

import java.nio.file.Path;

/**
 * Turns a path written in a {@code hosts.toml} ({@code ca}, {@code client}) into a file path.
 *
 * <p>containerd ({@code hosts.go} {@code makeAbsPath}) keeps absolute paths and joins relative ones
 * to the host directory that holds the {@code hosts.toml}. {@link #underRoot(Path)} does the same
 * for a node whose root filesystem is mounted elsewhere (the probe's {@code lint-node --root DIR}):
 * an absolute path {@code /etc/certs/ca.pem} becomes {@code DIR/etc/certs/ca.pem}.
 */
@FunctionalInterface
public interface PathResolver {

  /** containerd's rule, on this machine's filesystem. */
  PathResolver CONTAINERD = (written, hostDir) -> hostDir.resolve(written).normalize();

  /**
   * @param written the path as written in the file (not empty)
   * @param hostDir the directory that holds the {@code hosts.toml}
   */
  Path resolve(String written, Path hostDir);

  /** containerd's rule for a node whose root filesystem is {@code nodeRoot}. */
  static PathResolver underRoot(Path nodeRoot) {
    return (written, hostDir) -> {
      Path p = Path.of(written);
      if (p.isAbsolute()) {
        return nodeRoot.resolve(p.getRoot().relativize(p)).normalize();
      }
      return hostDir.resolve(p).normalize();
    };
  }
}
