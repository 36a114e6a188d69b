package dev.airlock.probe.inuse;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The distinct images pods run (containers, initContainers, ephemeralContainers), with users. */
final class PodImages {
  private PodImages() {}

  /** Image as written in the pod spec → sorted {@code namespace/name} of the pods using it. */
  static SortedMap<String, List<String>> of(List<Pod> pods) {
    Map<String, TreeSet<String>> users = new TreeMap<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
      images(pod.getSpec())
          .forEach(image -> users.computeIfAbsent(image, k -> new TreeSet<>()).add(name));
    }
    SortedMap<String, List<String>> result = new TreeMap<>();
    users.forEach((image, names) -> result.put(image, new ArrayList<>(names)));
    return result;
  }

  /** One generic pass over the three container kinds. */
  private static Stream<String> images(PodSpec spec) {
    if (spec == null) {
      return Stream.empty();
    }
    Stream<String> containers =
        Stream.concat(list(spec.getContainers()), list(spec.getInitContainers()))
            .map(Container::getImage);
    Stream<String> ephemeral =
        list(spec.getEphemeralContainers()).map(EphemeralContainer::getImage);
    return Stream.concat(containers, ephemeral).filter(Objects::nonNull);
  }

  private static <T> Stream<T> list(List<T> items) {
    return items == null ? Stream.empty() : items.stream();
  }
}
