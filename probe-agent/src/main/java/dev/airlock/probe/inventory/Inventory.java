package dev.airlock.probe.inventory;

import dev.airlock.oci.ref.ImageReference;
import dev.airlock.probe.resolve.Concurrently;
import dev.airlock.probe.resolve.MirrorResolver;
import dev.airlock.probe.resolve.Resolution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The transfer manifest of an image list: each image resolved at the mirror to the digest of what
 * it names (an index stays one line), as sorted, distinct {@link InventoryLine}s.
 */
public final class Inventory {

  /** The lines, and the images that did not resolve with why. */
  public record Result(SortedSet<InventoryLine> lines, List<Resolution> failures) {
    /** The lines not in {@code old}: new names, or known names whose digest differs. */
    public SortedSet<InventoryLine> notIn(Set<InventoryLine> old) {
      SortedSet<InventoryLine> changed = new TreeSet<>(lines);
      changed.removeAll(old);
      return changed;
    }
  }

  private final MirrorResolver resolver;

  public Inventory(MirrorResolver resolver) {
    this.resolver = resolver;
  }

  public Result of(Collection<ImageReference> images) {
    SortedSet<InventoryLine> lines = new TreeSet<>();
    List<Resolution> failures = new ArrayList<>();
    for (Resolution resolution : Concurrently.map(List.copyOf(images), resolver::resolve)) {
      ImageReference image = resolution.image();
      if (resolution instanceof Resolution.Resolved resolved) {
        lines.add(InventoryLine.of(image, resolved.descriptor().digest()));
      } else {
        failures.add(resolution);
      }
    }
    return new Result(lines, failures);
  }
}
