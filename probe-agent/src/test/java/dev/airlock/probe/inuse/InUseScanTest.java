package dev.airlock.probe.inuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.InMemoryRegistry;
import dev.airlock.probe.resolve.MirrorResolver;
import dev.airlock.probe.resolve.TestMirrors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InUseScanTest {
  @TempDir Path hosts;
  final InMemoryRegistry registry = new InMemoryRegistry();
  MirrorResolver resolver;

  @BeforeEach
  void setUp() throws Exception {
    resolver = new MirrorResolver(TestMirrors.mirrorMap(hosts), registry);
    registry.image("library/redis", "7.2", "linux/amd64", "r");
    registry.image("library/busybox", "1.36", "linux/amd64", "b");
  }

  @Test
  void scan_everyContainerKind_distinctImagesWithPods() {
    List<InUseImage> images =
        InUseScan.scan(
            List.of(
                TestPods.pod("shop", "web-1", "redis:7.2", "busybox:1.36", null),
                TestPods.pod("shop", "web-0", "redis:7.2", "busybox:1.36", "busybox:1.35"),
                TestPods.pod("ops", "tool", "ghcr.io/org/tool:2", "busybox:1.36", null)),
            resolver);
    assertThat(images)
        .containsExactly(
            new InUseImage(
                "busybox:1.35",
                Optional.of("registry.internal/library/busybox"),
                "missing: tag 1.35",
                true,
                List.of("shop/web-0")),
            new InUseImage(
                "busybox:1.36",
                Optional.of("registry.internal/library/busybox"),
                "ok",
                false,
                List.of("ops/tool", "shop/web-0", "shop/web-1")),
            new InUseImage(
                "ghcr.io/org/tool:2", Optional.empty(), "unmirrored", true, List.of("ops/tool")),
            new InUseImage(
                "redis:7.2",
                Optional.of("registry.internal/library/redis"),
                "ok",
                false,
                List.of("shop/web-0", "shop/web-1")));
  }

  @Test
  void scan_invalidReference_isMissing() {
    List<InUseImage> images =
        InUseScan.scan(List.of(TestPods.pod("a", "p", "Redis:7", "redis:7.2", null)), resolver);
    assertThat(images.get(0).status())
        .isEqualTo(
            "error: invalid image reference: repository name \"library/Redis\" must be lowercase");
    assertThat(images.get(0).missing()).isTrue();
  }

  @Test
  void metrics_missingImagesAreOne_outageKeepsLastState_resolvedImagesVanish() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    InUseMetrics metrics = new InUseMetrics(meters);
    metrics.update(
        InUseScan.scan(
            List.of(TestPods.pod("a", "p", "quay.io/org/app:1", "busybox:1.35", null)), resolver));
    assertThat(series(meters)).containsExactly("busybox:1.35=1.0", "quay.io/org/app:1=1.0");

    registry.breakRepository("library/busybox");
    registry.image("org/app", "1", "linux/amd64", "a");
    metrics.update(
        InUseScan.scan(
            List.of(TestPods.pod("a", "p", "quay.io/org/app:1", "busybox:1.35", null)), resolver));
    assertThat(series(meters)).containsExactly("busybox:1.35=1.0");
  }

  static List<String> series(SimpleMeterRegistry meters) {
    return meters.find(InUseMetrics.MISSING).gauges().stream()
        .map(g -> g.getId().getTag("image") + "=" + g.value())
        .sorted()
        .toList();
  }
}
