package dev.airlock.probe.inuse;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Pods for in-use tests. */
public final class TestPods {
  private TestPods() {}

  /** Creates {@code pods} through {@code client}, each in its own namespace. */
  public static void create(KubernetesClient client, Pod... pods) {
    for (Pod pod : pods) {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }
  }

  /** A pod with one image of each container kind. */
  public static Pod pod(String namespace, String name, String app, String init, String debug) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage(app)
            .endContainer()
            .addNewInitContainer()
            .withName("init")
            .withImage(init)
            .endInitContainer()
            .endSpec();
    if (debug != null) {
      pod.editSpec()
          .addNewEphemeralContainer()
          .withName("debug")
          .withImage(debug)
          .endEphemeralContainer()
          .endSpec();
    }
    return pod.build();
  }
}
