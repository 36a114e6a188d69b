package dev.airlock.probe.inuse;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Pods for in-use tests. */
public final class TestPods {
  private TestPods() {}

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
