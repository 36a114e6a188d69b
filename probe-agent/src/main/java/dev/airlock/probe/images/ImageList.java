package dev.airlock.probe.images;

import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator's image list ({@code images-to-mirror.txt}): one image reference per line; blank
 * lines and {@code #} comments (whole-line or trailing; no reference contains {@code #}) ignored.
 * Each line is parsed once here.
 */
public final class ImageList {
  private ImageList() {}

  /** The images of {@code file} in file order. */
  public static List<ImageReference> read(Path file) throws ImageListException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new ImageListException(file + ": cannot read: " + e.getMessage(), e);
    }
    List<ImageReference> images = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = content(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      try {
        images.add(ImageReference.parse(line));
      } catch (InvalidReferenceException e) {
        throw new ImageListException(
            file + ":" + (i + 1) + ": invalid image reference \"" + line + "\": " + e.getMessage(),
            e);
      }
    }
    return images;
  }

  /** The line without its comment and surrounding whitespace. */
  public static String content(String line) {
    int hash = line.indexOf('#');
    return (hash < 0 ? line : line.substring(0, hash)).strip();
  }
}
