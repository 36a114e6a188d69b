package dev.airlock.probe.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.testing.InMemoryRegistry;
import dev.airlock.probe.images.ImageListException;
import dev.airlock.probe.resolve.MirrorResolver;
import dev.airlock.probe.resolve.Resolution;
import dev.airlock.probe.resolve.TestMirrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {
  @TempDir Path dir;
  final InMemoryRegistry registry = new InMemoryRegistry();
  Inventory inventory;

  @BeforeEach
  void setUp() throws Exception {
    inventory =
        new Inventory(new MirrorResolver(TestMirrors.mirrorMap(dir.resolve("hosts")), registry));
  }

  static List<ImageReference> images(String... images) throws Exception {
    List<ImageReference> list = new ArrayList<>();
    for (String image : images) {
      list.add(ImageReference.parse(image));
    }
    return list;
  }

  @Test
  void of_linesAreSortedDistinctNormalisedNames_indexIsOneLine() throws Exception {
    Manifest nginx = registry.image("library/nginx", "1.27", "linux/amd64", "n");
    Manifest redis =
        registry.index(
            "library/redis",
            "7.2",
            Map.of("linux/amd64", registry.image("library/redis", null, "linux/amd64", "r")));
    Inventory.Result result =
        inventory.of(images("redis:7.2", "nginx:1.27", "docker.io/library/nginx:1.27"));
    assertThat(result.failures()).isEmpty();
    assertThat(result.lines())
        .extracting(Object::toString)
        .containsExactly(
            "docker.io/library/nginx@" + nginx.descriptor().digest(),
            "docker.io/library/redis@" + redis.descriptor().digest());
  }

  @Test
  void notIn_repushedTagIsADifference_sameDigestUnderNewTagIsNot() throws Exception {
    registry.image("library/nginx", "1.27", "linux/amd64", "n");
    Manifest app = registry.image("org/app", "1.0", "linux/amd64", "a1");
    Inventory.Result before = inventory.of(images("nginx:1.27", "quay.io/org/app:1.0"));
    registry.image("library/nginx", "1.27.1", "linux/amd64", "n"); // same content, new tag
    Manifest repushed = registry.image("org/app", "1.0", "linux/amd64", "a2"); // new content
    Inventory.Result after =
        inventory.of(
            images(
                "nginx:1.27.1",
                "quay.io/org/app:1.0",
                "quay.io/org/app@" + app.descriptor().digest()));
    assertThat(after.notIn(before.lines()))
        .extracting(Object::toString)
        .containsExactly("quay.io/org/app@" + repushed.descriptor().digest());
  }

  @Test
  void of_unresolvedImages_areFailures() throws Exception {
    Inventory.Result result = inventory.of(images("redis:9", "ghcr.io/x/y:1"));
    assertThat(result.lines()).isEmpty();
    assertThat(result.failures())
        .extracting(Resolution::status)
        .containsExactly("missing: tag 9", "unmirrored");
  }

  @Test
  void readOld_acceptsShortNamesAndComments() throws Exception {
    Manifest nginx = registry.image("library/nginx", "1.27", "linux/amd64", "n");
    Path old = dir.resolve("old.txt");
    Files.writeString(old, "# signed 2026-05-01\nnginx@" + nginx.descriptor().digest() + "\n");
    Set<InventoryLine> lines = InventoryFile.read(old);
    assertThat(inventory.of(images("nginx:1.27")).notIn(lines)).isEmpty();
  }

  @Test
  void readOld_lineWithoutDigest_throwsWithLineNumber() throws Exception {
    Path old = dir.resolve("old.txt");
    Files.writeString(old, "\nnginx:1.27\n");
    assertThatThrownBy(() -> InventoryFile.read(old))
        .isInstanceOf(ImageListException.class)
        .hasMessage(old + ":2: \"nginx:1.27\" is not an inventory line (name@digest)");
  }
}
