package dev.airlock.probe.lint;

import java.nio.file.Path;

/**
 * A node's root filesystem mounted at {@link #dir()}: node paths written in its files ({@code
 * /etc/containerd/certs.d}) resolve under it, like a chroot ({@code ..} never leaves it).
 */
public record NodeRoot(Path dir) {

  public NodeRoot {
    dir = dir.toAbsolutePath().normalize();
  }

  /**
   * Where the node path {@code nodePath} is under {@link #dir()}; relative paths from {@code /}.
   */
  public Path resolve(String nodePath) {
    return resolve(Path.of("/"), nodePath);
  }

  /** {@code nodePath} resolved against the node directory {@code base}, then placed under root. */
  public Path resolve(Path base, String nodePath) {
    Path onNode = Path.of("/").resolve(base).resolve(nodePath).normalize();
    return dir.resolve(Path.of("/").relativize(onNode).toString());
  }

  /** The node path of {@code path} (a path under {@link #dir()}), e.g. {@code /etc/x}. */
  public String display(Path path) {
    Path p = path.toAbsolutePath().normalize();
    return p.startsWith(dir) ? "/" + dir.relativize(p) : p.toString();
  }

  /** The node path of {@code path} as a {@link Path} rooted at {@code /}. */
  public Path onNode(Path path) {
    return Path.of(display(path));
  }
}
