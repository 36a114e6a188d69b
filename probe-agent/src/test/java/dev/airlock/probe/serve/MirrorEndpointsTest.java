package dev.airlock.probe.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.mirror.MirrorMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorEndpointsTest {
  @TempDir Path certsD;

  @Test
  void mirrorOrigins_everyHostEntryOnceInFileOrder_withoutUpstreamServers() throws Exception {
    Path ca = Files.writeString(certsD.resolve("ca.crt"), "not read by the map");
    write(
        "docker.io",
        "server = \"https://registry-1.docker.io\"\n"
            + "[host.\"https://mirror-a.internal:5443/v2/dockerhub\"]\n  override_path = true\n"
            + "  ca = \""
            + ca
            + "\"\n[host.\"https://mirror-b.internal\"]\n");
    write("quay.io", "[host.\"https://mirror-a.internal:5443\"]\n");

    Optional<MirrorMap> map = Optional.of(MirrorMap.load(certsD));

    assertThat(MirrorEndpoints.mirrorOrigins(map))
        .containsExactly("https://mirror-a.internal:5443", "https://mirror-b.internal");
    assertThat(MirrorEndpoints.caFiles(map, java.util.List.of(), "https://mirror-a.internal:5443"))
        .containsExactly(ca);
  }

  @Test
  void mirrorOrigins_noHostsDir_none() {
    assertThat(MirrorEndpoints.mirrorOrigins(Optional.empty())).isEmpty();
  }

  private void write(String host, String toml) throws Exception {
    Files.writeString(Files.createDirectories(certsD.resolve(host)).resolve("hosts.toml"), toml);
  }
}
