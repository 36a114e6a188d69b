package dev.airlock.webhook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Builds AdmissionReview request bodies for tests. */
public final class Reviews {
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final String UID = "0b9c7d1e-1111-4222-8333-444455556666";

  /** Where each kind keeps its pod spec (mirrors the production table, written out). */
  public static final Map<String, List<String>> POD_SPEC =
      Map.of(
          "Pod", List.of("spec"),
          "Deployment", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"),
          "ReplicationController", List.of("spec", "template", "spec"),
          "PodTemplate", List.of("template", "spec"));

  private Reviews() {}

  /** The shared test data (Pod CREATE, three containers). */
  public static ObjectNode testdataPod() {
    try (InputStream in = Reviews.class.getResourceAsStream("/pod-create-admissionreview.json")) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A CREATE review of {@code kind} in {@code namespace} whose pod spec runs {@code containers}.
   */
  public static ObjectNode review(String kind, String namespace, String... containers) {
    ObjectNode podSpec = JSON.createObjectNode();
    ArrayNode list = podSpec.putArray("containers");
    for (int i = 0; i < containers.length; i++) {
      list.addObject().put("name", "c" + i).put("image", containers[i]);
    }
    return review(kind, namespace, podSpec);
  }

  public static ObjectNode review(String kind, String namespace, ObjectNode podSpec) {
    ObjectNode object = JSON.createObjectNode();
    object.put("kind", kind);
    object.putObject("metadata").put("name", "test").put("namespace", namespace);
    ObjectNode at = object;
    List<String> path = POD_SPEC.get(kind);
    for (int i = 0; i < path.size() - 1; i++) {
      at = at.putObject(path.get(i));
    }
    at.set(path.get(path.size() - 1), podSpec);
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UID);
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", kind);
    request.put("namespace", namespace).put("name", "test").put("operation", "CREATE");
    request.putObject("userInfo").put("username", "alice");
    request.set("object", object);
    return review;
  }

  public static ObjectNode request(ObjectNode review) {
    return (ObjectNode) review.get("request");
  }

  public static byte[] bytes(JsonNode review) {
    try {
      return JSON.writeValueAsBytes(review);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
