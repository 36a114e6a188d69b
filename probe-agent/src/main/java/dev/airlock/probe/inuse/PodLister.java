package dev.airlock.probe.inuse;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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

  /**
   * @throws KubernetesClientException naming the API server and the root cause (fabric8's own
   *     message names only the operation)
   */
  public List<Pod> allPods() {
    try {
      return client.pods().inAnyNamespace().list().getItems();
    } catch (KubernetesClientException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String cause = root == e ? e.getMessage() : root.toString();
      throw new KubernetesClientException(
          "Kubernetes API " + client.getMasterUrl() + ": " + cause, e);
    }
  }
}
