package dev.airlock.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 2: every image an object runs. One generic walk over {@code containers}, {@code
 * initContainers} and {@code ephemeralContainers} of the pod spec found at the kind's path (a Pod,
 * including the {@code ephemeralcontainers} subresource whose object is the Pod, or the pod
 * template of a workload kind).
 */
public final class ImageSites {
  private static final List<String> CONTAINER_LISTS =
      List.of("containers", "initContainers", "ephemeralContainers");

  /** Where the pod spec lives, by {@code request.kind.kind}. */
  private static final Map<String, List<String>> POD_SPEC_PATHS =
      Map.of(
          "Pod", List.of("spec"),
          "Deployment", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "ReplicationController", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"),
          "PodTemplate", List.of("template", "spec"));

  private ImageSites() {}

  /** True when objects of {@code kind} can run images. */
  public static boolean covers(String kind) {
    return POD_SPEC_PATHS.containsKey(kind);
  }

  /** The image sites of {@code object}, a {@code kind}; empty for kinds that run no pods. */
  public static List<ImageSite> of(String kind, JsonNode object) {
    List<String> path = POD_SPEC_PATHS.get(kind);
    if (path == null || object == null) {
      return List.of();
    }
    JsonNode podSpec = object;
    StringBuilder pointer = new StringBuilder();
    StringBuilder field = new StringBuilder();
    for (String segment : path) {
      podSpec = podSpec.path(segment);
      pointer.append('/').append(segment);
      field.append(field.length() == 0 ? "" : ".").append(segment);
    }
    List<ImageSite> sites = new ArrayList<>();
    for (String list : CONTAINER_LISTS) {
      JsonNode containers = podSpec.path(list);
      for (int i = 0; i < containers.size(); i++) {
        JsonNode image = containers.get(i).path("image");
        if (image.isMissingNode() || image.isNull()) {
          continue; // kube-apiserver's validation rejects a container without an image
        }
        sites.add(
            new ImageSite(
                pointer + "/" + list + "/" + i + "/image",
                field + "." + list + "[" + i + "].image",
                image.isTextual() ? image.asText() : null));
      }
    }
    return List.copyOf(sites);
  }
}
