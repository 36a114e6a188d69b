package dev.airlock.probe.inuse;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Lists the pods of every namespace: the only Kubernetes call the probe makes (RBAC: {@code list}
 * on {@code pods}, cluster-wide). Application-scoped, so the client is built on first use only.
 */
@ApplicationScoped
public class PodLister {
  private final KubernetesClient client;

  public PodLister(KubernetesClient client) {
    this.client = client;
  }

  public List<Pod> allPods() {
    return client.pods().inAnyNamespace().list().getItems();
  }
}
