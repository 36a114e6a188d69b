package dev.airlock.probe.resolve;

import dev.airlock.oci.mirror.MirrorMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Hosts directories for the probe's unit tests over {@code InMemoryRegistry}. */
public final class TestMirrors {
  private TestMirrors() {}

  /** A hosts dir routing docker.io and quay.io to {@code registry.internal} (no CA needed). */
  public static MirrorMap mirrorMap(Path dir) throws Exception {
    for (String upstream : List.of("docker.io", "quay.io")) {
      Path file = dir.resolve(upstream).resolve("hosts.toml");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "server = \"https://registry.internal\"\n"
              + "[host.\"https://registry.internal\"]\n"
              + "  capabilities = [\"pull\", \"resolve\"]\n");
    }
    return MirrorMap.load(dir);
  }
}
