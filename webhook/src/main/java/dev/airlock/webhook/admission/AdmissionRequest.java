package dev.airlock.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an AdmissionReview {@code request} (admission.k8s.io/v1) the webhook uses.
 *
 * @param uid echoed in the response
 * @param kind {@code request.kind.kind}, e.g. {@code Pod}, {@code CronJob}
 * @param subResource e.g. {@code ephemeralcontainers}, if any
 * @param namespace the request namespace, empty for cluster-scoped objects
 * @param name the object name; may be empty on CREATE with generateName
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param user {@code userInfo.username}
 * @param dryRun {@code request.dryRun}
 * @param object {@code request.object} (the new object), absent for DELETE
 * @param sites the images {@code object} makes a node pull ({@link ImageSites}), empty for DELETE
 *     and CONNECT
 */
public record AdmissionRequest(
    String uid,
    String kind,
    Optional<String> subResource,
    String namespace,
    String name,
    String operation,
    String user,
    boolean dryRun,
    Optional<JsonNode> object,
    List<ImageSite> sites) {

  public AdmissionRequest {
    sites = List.copyOf(sites);
  }

  /** DELETE and CONNECT run no image and are allowed without work. */
  public boolean runsNothing() {
    return "DELETE".equals(operation) || "CONNECT".equals(operation);
  }
}
