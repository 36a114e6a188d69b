package dev.airlock.probe.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.testing.InMemoryRegistry;
import dev.airlock.probe.resolve.MirrorResolver;
import dev.airlock.probe.resolve.TestMirrors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightCheckTest {
  static final List<Platform> BOTH =
      List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));

  @TempDir Path hosts;
  final InMemoryRegistry registry = new InMemoryRegistry();
  PreflightCheck check;

  @BeforeEach
  void setUp() throws Exception {
    check = new PreflightCheck(new MirrorResolver(TestMirrors.mirrorMap(hosts), registry));
  }

  PreflightResult run(String image, List<Platform> platforms) throws Exception {
    return check.check(ImageReference.parse(image), platforms);
  }

  Manifest multiArch() {
    Map<String, Manifest> children = new LinkedHashMap<>();
    children.put("linux/amd64", registry.image("library/redis", null, "linux/amd64", "amd"));
    children.put("linux/arm64/v8", registry.image("library/redis", null, "linux/arm64", "arm"));
    return registry.index("library/redis", "7.2", children);
  }

  @Test
  void check_indexWithAllPlatforms_isOk() throws Exception {
    Manifest index = multiArch();
    PreflightResult result = run("redis:7.2", BOTH);
    assertThat(result.statusText()).isEqualTo("ok");
    assertThat(result.mirrorLocation()).contains("registry.internal/library/redis");
    assertThat(result.digest()).contains(index.descriptor().digest());
  }

  @Test
  void check_indexMissingOnePlatformsLayer_failsForThatPlatformOnly() throws Exception {
    Manifest index = multiArch();
    Manifest arm = registry.image("library/redis", null, "linux/arm64", "arm");
    registry.deleteBlob(arm.layers().get(0).digest());
    assertThat(run("redis:7.2", BOTH).statusText())
        .isEqualTo("missing: linux/arm64 layer " + arm.layers().get(0).digest());
    assertThat(run("redis:7.2", List.of(Platform.parse("linux/amd64"))).statusText())
        .isEqualTo("ok");
    assertThat(run("redis:7.2", List.of()).digest()).contains(index.descriptor().digest());
  }

  @Test
  void check_indexWithoutRequestedPlatform_isMissingPlatform() throws Exception {
    multiArch();
    assertThat(run("redis:7.2", List.of(Platform.parse("linux/s390x"))).statusText())
        .isEqualTo("missing: platform linux/s390x");
  }

  @Test
  void check_indexChildManifestGone_isMissingManifest() throws Exception {
    multiArch();
    Manifest amd = registry.image("library/redis", null, "linux/amd64", "amd");
    registry.deleteManifest(amd.descriptor().digest());
    assertThat(run("redis:7.2", BOTH).statusText())
        .isEqualTo("missing: linux/amd64 manifest " + amd.descriptor().digest());
  }

  @Test
  void check_tagMissing_isMissingTag() throws Exception {
    multiArch();
    PreflightResult result = run("redis:7.4", List.of());
    assertThat(result.statusText()).isEqualTo("missing: tag 7.4");
    assertThat(result.digest()).isEmpty();
  }

  @Test
  void check_singleImageLayerMissing_isMissingWithoutPlatforms() throws Exception {
    Manifest image = registry.image("library/nginx", "1.27", "linux/amd64", "n");
    registry.deleteBlob(image.layers().get(0).digest());
    assertThat(run("nginx:1.27", List.of()).statusText())
        .isEqualTo("missing: layer " + image.layers().get(0).digest());
  }

  @Test
  void check_singleImageOfOtherPlatform_isMissingPlatform() throws Exception {
    registry.image("library/nginx", "1.27", "linux/amd64", "n");
    assertThat(run("nginx:1.27", BOTH).statusText())
        .isEqualTo("missing: platform linux/arm64 (image is linux/amd64)");
  }

  @Test
  void check_unmirroredRegistry_isUnmirrored() throws Exception {
    PreflightResult result = run("ghcr.io/org/app:1", List.of());
    assertThat(result.statusText()).isEqualTo("unmirrored");
    assertThat(result.mirrorLocation()).isEmpty();
  }

  @Test
  void check_registryError_isError() throws Exception {
    registry.breakRepository("org/app");
    assertThat(run("quay.io/org/app:1", List.of()).statusText())
        .isEqualTo("error: registry.internal: connection refused");
  }

  @Test
  void check_digestReference_resolvesByDigest() throws Exception {
    Manifest image = registry.image("library/nginx", null, "linux/amd64", "n");
    assertThat(run("nginx@" + image.descriptor().digest(), List.of()).statusText()).isEqualTo("ok");
    registry.deleteManifest(image.descriptor().digest());
    assertThat(run("nginx@" + image.descriptor().digest(), List.of()).statusText())
        .isEqualTo("missing: manifest " + image.descriptor().digest());
  }

  @Test
  void table_rendersColumns() throws Exception {
    multiArch();
    List<String> lines =
        PreflightOutput.table(
            List.of(run("redis:7.4", List.of()), run("ghcr.io/a/b:1", List.of())));
    assertThat(lines)
        .containsExactly(
            "IMAGE          MIRROR LOCATION                  DIGEST  STATUS",
            "redis:7.4      registry.internal/library/redis  -       missing: tag 7.4",
            "ghcr.io/a/b:1  -                                -       unmirrored");
  }
}
