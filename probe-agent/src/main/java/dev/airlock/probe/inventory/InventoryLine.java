package dev.airlock.probe.inventory;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;

/**
 * One line of the transfer manifest: the image's normalised upstream name and the digest it has at
 * the mirror, {@code docker.io/library/redis@sha256:…}. The upstream name (not the spelling in the
 * list, not the mirror location) makes the line independent of how the list spelled the image and
 * of the mirror's layout, and it is the name pods use and the name to pull from upstream when the
 * manifest is carried across the air gap.
 */
public record InventoryLine(String name, Digest digest) implements Comparable<InventoryLine> {

  public static InventoryLine of(ImageReference image, Digest digest) {
    return new InventoryLine(image.normalizedName(), digest);
  }

  @Override
  public int compareTo(InventoryLine other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return name + "@" + digest;
  }
}
