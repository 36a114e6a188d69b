package dev.airlock.probe.lint;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The node lint of {@code serve} (a DaemonSet with the node's containerd config mounted). */
@ConfigMapping(prefix = "airlock.probe.node")
public interface NodeConfig {

  /**
   * {@code airlock.probe.node.root} ({@code AIRLOCK_PROBE_NODE_ROOT}): where the node's root
   * filesystem (at least {@code /etc/containerd}) is mounted read-only. Unset: no node lint.
   */
  Optional<Path> root();

  /**
   * {@code airlock.probe.node.require} ({@code AIRLOCK_PROBE_NODE_REQUIRE}): upstream registries
   * that must be mirrored, as {@code lint-node --require}.
   */
  Optional<List<String>> require();
}
