package dev.airlock.probe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.probe.inuse.TestPods;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** in-use against the fabric8 mock API server and a real docker-registry as the mirror. */
@QuarkusMainTest
class InUseCommandIT {
  @BeforeAll
  static void startMirror() {
    MirrorRegistry.start();
    server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    server.before();
    System.setProperty(
        "quarkus.kubernetes-client.api-server-url", server.getClient().getMasterUrl().toString());
    System.setProperty("quarkus.kubernetes-client.trust-certs", "true");
  }

  @AfterAll
  static void stopMirror() {
    System.clearProperty("quarkus.kubernetes-client.api-server-url");
    System.clearProperty("quarkus.kubernetes-client.trust-certs");
    server.after();
    MirrorRegistry.stop();
  }

  /**
   * The fabric8 mock API server in CRUD mode, started here rather than by
   * {@code @WithKubernetesTestServer}, whose field injection does not reach a {@code
   * QuarkusMainTest}; the launched commands find it through the same system properties.
   */
  static KubernetesServer server;

  @Test
  void inUse_listsImagesThatDoNotResolve(QuarkusMainLauncher launcher) {
    MirrorRegistry.push().image("dockerhub/library/redis", "7.2", Format.OCI);
    MirrorRegistry.push().image("dockerhub/library/busybox", "1.36", Format.OCI);
    var client = server.getClient();
    TestPods.create(
        client, TestPods.pod("shop", "web-0", "redis:7.2", "busybox:1.36", "busybox:1.35"));
    TestPods.create(
        client, TestPods.pod("shop", "web-1", "redis:7.2", "busybox:1.36", "busybox:1.35"));
    TestPods.create(
        client, TestPods.pod("ops", "tool", "ghcr.io/org/tool:2", "busybox:1.36", null));

    LaunchResult result = launcher.launch("in-use");
    String busybox = MirrorRegistry.location("library/busybox");
    int w = "ghcr.io/org/tool:2".length();
    int l = busybox.length();
    int s = "missing: tag 1.35".length();
    assertThat(result.getOutputStream())
        .containsExactly(
            pad("IMAGE", w) + pad("MIRROR LOCATION", l) + pad("STATUS", s) + "PODS",
            pad("busybox:1.35", w)
                + pad(busybox, l)
                + pad("missing: tag 1.35", s)
                + "shop/web-0 (+1 more)",
            pad("ghcr.io/org/tool:2", w) + pad("-", l) + pad("unmirrored", s) + "ops/tool",
            "2 of 4 images in use do not resolve at the mirror");
    assertThat(result.exitCode()).isEqualTo(1);

    LaunchResult json = launcher.launch("in-use", "--output", "json");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(json.getOutput())
        .isEqualTo(
            "{\"images\":4,\"notResolving\":[{\"image\":\"busybox:1.35\",\"mirrorLocation\":\""
                + busybox
                + "\",\"status\":\"missing: tag 1.35\",\"pods\":[\"shop/web-0\",\"shop/web-1\"]},"
                + "{\"image\":\"ghcr.io/org/tool:2\",\"mirrorLocation\":null,\"status\":"
                + "\"unmirrored\",\"pods\":[\"ops/tool\"]}]}");

    MirrorRegistry.push().image("dockerhub/library/busybox", "1.35", Format.OCI);
    client.pods().inNamespace("ops").withName("tool").delete();
    LaunchResult clean = launcher.launch("in-use");
    assertThat(clean.getOutputStream())
        .containsExactly("0 of 3 images in use do not resolve at the mirror");
    assertThat(clean.exitCode()).isEqualTo(0);
  }

  private static String pad(String cell, int width) {
    return cell + " ".repeat(width - cell.length()) + "  ";
  }
}
