package dev.airlock.probe.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.ref.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageListTest {
  @TempDir Path dir;

  @Test
  void read_skipsCommentsAndBlankLines_keepsSpelling() throws Exception {
    Path file = dir.resolve("images.txt");
    Files.writeString(
        file, "# upgrade 1.2\n\nredis:7.2\n  quay.io/org/app:1.0   # trailing comment\n");
    assertThat(ImageList.read(file))
        .extracting(ImageReference::toString)
        .containsExactly("redis:7.2", "quay.io/org/app:1.0");
  }

  @Test
  void read_badLine_throwsWithLineNumber() throws Exception {
    Path file = dir.resolve("images.txt");
    Files.writeString(file, "redis:7.2\n\nRedis:7.2\n");
    assertThatThrownBy(() -> ImageList.read(file))
        .isInstanceOf(ImageListException.class)
        .hasMessage(
            file
                + ":3: invalid image reference \"Redis:7.2\": repository name \"library/Redis\" must be"
                + " lowercase");
  }

  @Test
  void read_missingFile_throws() {
    assertThatThrownBy(() -> ImageList.read(dir.resolve("nope.txt")))
        .isInstanceOf(ImageListException.class)
        .hasMessageStartingWith(dir.resolve("nope.txt") + ": cannot read: ");
  }
}
