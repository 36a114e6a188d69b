package dev.airlock.webhook.admission;

import java.util.List;

/**
 * One kind of object whose admission airlock checks: the API group and resource the chart's webhook
 * {@code rules} name, the {@code request.kind.kind} kube-apiserver sends for it, and where its pod
 * spec lives. {@link #ALL} is the one table: {@link ImageSites} walks by it, and the chart's test
 * checks that the rendered webhook rules name exactly its resources.
 *
 * @param podSpecPath the fields from the object to its pod spec (empty: the object holds the image
 *     lists itself)
 */
public record AdmissionKind(String group, String resource, String kind, List<String> podSpecPath) {

  public static final List<AdmissionKind> ALL =
      List.of(
          new AdmissionKind("", "pods", "Pod", List.of("spec")),
          // pods/ephemeralcontainers: Kubernetes 1.23+ sends the Pod (kind Pod, row above); 1.22
          // and earlier an EphemeralContainers object whose list sits at the top level.
          new AdmissionKind("", "pods/ephemeralcontainers", "EphemeralContainers", List.of()),
          new AdmissionKind("", "replicationcontrollers", "ReplicationController", templateSpec()),
          new AdmissionKind("", "podtemplates", "PodTemplate", List.of("template", "spec")),
          new AdmissionKind("apps", "deployments", "Deployment", templateSpec()),
          new AdmissionKind("apps", "replicasets", "ReplicaSet", templateSpec()),
          new AdmissionKind("apps", "statefulsets", "StatefulSet", templateSpec()),
          new AdmissionKind("apps", "daemonsets", "DaemonSet", templateSpec()),
          new AdmissionKind("batch", "jobs", "Job", templateSpec()),
          new AdmissionKind(
              "batch",
              "cronjobs",
              "CronJob",
              List.of("spec", "jobTemplate", "spec", "template", "spec")));

  public AdmissionKind {
    podSpecPath = List.copyOf(podSpecPath);
  }

  private static List<String> templateSpec() {
    return List.of("spec", "template", "spec");
  }
}
