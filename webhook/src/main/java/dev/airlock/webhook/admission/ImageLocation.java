package dev.airlock.webhook.admission;

import java.util.List;

/**
 * One place in a pod spec where Kubernetes names an image that a node will pull: a list of the pod
 * spec and the path of the image string inside each of its items. {@link #ALL} is the one list of
 * image locations (design.md "The request path"); every webhook, the operator commands and the
 * tests read it from here.
 *
 * @param list the pod spec field holding a list ({@code containers}, {@code volumes})
 * @param path the fields from one list item to the image string ({@code image}, {@code
 *     image.reference}); an item without the first field names no image ({@code volumes[]} that are
 *     not image volumes)
 */
public record ImageLocation(String list, List<String> path) {

  /**
   * Every image a pod spec can make a node pull (Kubernetes core/v1 {@code PodSpec}): the three
   * container lists, and image volumes ({@code ImageVolumeSource.reference}, KEP-4639, alpha in
   * 1.31, beta in 1.33).
   */
  public static final List<ImageLocation> ALL =
      List.of(
          new ImageLocation("containers", List.of("image")),
          new ImageLocation("initContainers", List.of("image")),
          new ImageLocation("ephemeralContainers", List.of("image")),
          new ImageLocation("volumes", List.of("image", "reference")));

  public ImageLocation {
    path = List.copyOf(path);
  }

  /** {@code containers[].image}, {@code volumes[].image.reference}: for documentation. */
  public String describe() {
    return list + "[]." + String.join(".", path);
  }
}
