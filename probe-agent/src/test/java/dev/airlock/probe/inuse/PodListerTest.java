package dev.airlock.probe.inuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class PodListerTest {
  @KubernetesTestServer KubernetesServer server;

  @Inject PodLister lister;

  @Test
  void allPods_listsEveryNamespace() {
    var client = server.getClient();
    TestPods.create(
        client, TestPods.pod("shop", "web-0", "redis:7.2", "busybox:1.36", "busybox:1.35"));
    TestPods.create(
        client, TestPods.pod("ops", "tool", "ghcr.io/org/tool:2", "busybox:1.36", null));
    assertThat(PodImages.of(lister.allPods()))
        .containsExactly(
            java.util.Map.entry("busybox:1.35", List.of("shop/web-0")),
            java.util.Map.entry("busybox:1.36", List.of("ops/tool", "shop/web-0")),
            java.util.Map.entry("ghcr.io/org/tool:2", List.of("ops/tool")),
            java.util.Map.entry("redis:7.2", List.of("shop/web-0")));
  }
}
