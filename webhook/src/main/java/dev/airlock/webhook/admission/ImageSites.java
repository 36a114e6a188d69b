package dev.airlock.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 2: every image an object makes a node pull. One generic walk over the {@link
 * ImageLocation#ALL} table, applied to the pod spec found at the kind's path (a Pod, including the
 * {@code ephemeralcontainers} subresource whose object is the Pod, or the pod template of a
 * workload kind). An object whose pod spec or image lists have the wrong shape (a list that is an
 * object, an item that is not an object) is a bad review, named by its field: kube-apiserver never
 * sends one, so it can only be a forged or broken request.
 */
public final class ImageSites {

  /** Where the pod spec lives, by {@code request.kind.kind} (from {@link AdmissionKind#ALL}). */
  public static final Map<String, List<String>> POD_SPEC_PATHS =
      AdmissionKind.ALL.stream()
          .collect(
              java.util.stream.Collectors.toUnmodifiableMap(
                  AdmissionKind::kind, AdmissionKind::podSpecPath));

  private ImageSites() {}

  /** True when objects of {@code kind} can be walked for images. */
  public static boolean covers(String kind) {
    return POD_SPEC_PATHS.containsKey(kind);
  }

  /**
   * The image sites of {@code object}, a {@code kind}; empty for kinds that run no pods.
   *
   * @throws BadReviewException when a field on the way to an image has the wrong JSON type
   */
  public static List<ImageSite> of(String kind, JsonNode object) throws BadReviewException {
    List<String> path = POD_SPEC_PATHS.get(kind);
    if (path == null || object == null) {
      return List.of();
    }
    JsonNode podSpec = object;
    StringBuilder pointer = new StringBuilder();
    StringBuilder field = new StringBuilder();
    for (String segment : path) {
      requireObject(podSpec, field.length() == 0 ? "object" : field.toString());
      podSpec = podSpec.path(segment);
      pointer.append('/').append(segment);
      field.append(field.length() == 0 ? "" : ".").append(segment);
      if (absent(podSpec)) {
        return List.of();
      }
    }
    requireObject(podSpec, field.length() == 0 ? "object" : field.toString());
    List<ImageSite> sites = new ArrayList<>();
    for (ImageLocation location : ImageLocation.ALL) {
      String listField = field.length() == 0 ? location.list() : field + "." + location.list();
      collect(podSpec, location, pointer + "/" + location.list(), listField, sites);
    }
    return List.copyOf(sites);
  }

  private static void collect(
      JsonNode podSpec, ImageLocation location, String pointer, String field, List<ImageSite> sites)
      throws BadReviewException {
    JsonNode items = podSpec.path(location.list());
    if (absent(items)) {
      return;
    }
    if (!items.isArray()) {
      throw new BadReviewException(field + ": must be a list");
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode value = items.get(i);
      String itemField = field + "[" + i + "]";
      String itemPointer = pointer + "/" + i;
      requireObject(value, itemField);
      boolean named = true;
      for (int s = 0; s < location.path().size() && named; s++) {
        String segment = location.path().get(s);
        if (s > 0) {
          requireObject(value, itemField);
        }
        value = value.path(segment);
        itemField += "." + segment;
        itemPointer += "/" + segment;
        named = !absent(value);
      }
      if (!named) {
        // No image here: a volume of another type, or a container without an image (which
        // kube-apiserver's validation rejects; a controller may fill a template's in later, and
        // the Pod it creates is admitted on its own).
        continue;
      }
      sites.add(new ImageSite(itemPointer, itemField, value.isTextual() ? value.asText() : null));
    }
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  private static void requireObject(JsonNode node, String field) throws BadReviewException {
    if (!node.isObject()) {
      throw new BadReviewException(field + ": must be an object");
    }
  }
}
