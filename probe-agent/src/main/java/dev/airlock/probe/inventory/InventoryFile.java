package dev.airlock.probe.inventory;

import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.probe.images.ImageList;
import dev.airlock.probe.images.ImageListException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A previous inventory ({@code --against OLD}): {@code name@digest} lines, comments allowed. */
public final class InventoryFile {
  private InventoryFile() {}

  public static Set<InventoryLine> read(Path file) throws ImageListException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new ImageListException(file + ": cannot read: " + e.getMessage(), e);
    }
    Set<InventoryLine> entries = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = ImageList.content(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      try {
        ImageReference image = ImageReference.parse(line);
        if (image.digest().isEmpty()) {
          throw new ImageListException(
              file + ":" + (i + 1) + ": \"" + line + "\" is not an inventory line (name@digest)");
        }
        entries.add(InventoryLine.of(image, image.digest().get()));
      } catch (InvalidReferenceException e) {
        throw new ImageListException(
            file + ":" + (i + 1) + ": invalid image reference \"" + line + "\": " + e.getMessage(),
            e);
      }
    }
    return entries;
  }
}
