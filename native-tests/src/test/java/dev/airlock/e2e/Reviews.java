package dev.airlock.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** AdmissionReview bodies (admission.k8s.io/v1) as kube-apiserver sends them, and their patches. */
final class Reviews {
  /**
   * An 8 KB Pod CREATE review with three containers and the defaults kube-apiserver fills in
   * (design.md test data), its images adapted to {@link SignedMirror}: {@code
   * registry.example.com/payments/checkout:2.14.3}, {@code registry.example.com/infra/envoy@<the
   * digest of SignedMirror#pushFixedSigned("infra/envoy", …)>}, {@code
   * registry.example.com/infra/fluent-bit:3.1.9}.
   */
  static final String TESTDATA = "/pod-create-admissionreview.json";

  /** The digest of the envoy image in {@link #TESTDATA}. */
  static final String TESTDATA_ENVOY_DIGEST =
      "sha256:4eef182af5f984818eafedbb74d138d630e06302550bddcbbe17e4bb146a08df";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Reviews() {}

  /** The test data review as bytes. */
  static byte[] testdataPod() {
    try (InputStream in = Reviews.class.getResourceAsStream(TESTDATA)) {
      if (in == null) {
        throw new IllegalStateException(TESTDATA + " is not on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Pod CREATE review in namespace {@code team} with one container per image. */
  static byte[] pod(String... images) {
    ObjectNode pod = JSON.createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", "app").put("namespace", "team");
    containers(pod.putObject("spec"), images);
    return review("", "v1", "Pod", "pods", pod);
  }

  /** A Deployment CREATE review: the images are in its pod template. */
  static byte[] deployment(String... images) {
    ObjectNode deployment = JSON.createObjectNode();
    deployment.put("apiVersion", "apps/v1").put("kind", "Deployment");
    deployment.putObject("metadata").put("name", "app").put("namespace", "team");
    ObjectNode spec = deployment.putObject("spec").put("replicas", 2);
    spec.putObject("selector").putObject("matchLabels").put("app", "app");
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", "app");
    containers(template.putObject("spec"), images);
    return review("apps", "v1", "Deployment", "deployments", deployment);
  }

  private static void containers(ObjectNode podSpec, String... images) {
    ArrayNode containers = podSpec.putArray("containers");
    for (int i = 0; i < images.length; i++) {
      containers.addObject().put("name", "c" + i).put("image", images[i]);
    }
  }

  private static byte[] review(
      String group, String version, String kind, String resource, ObjectNode object) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
    request
        .putObject("resource")
        .put("group", group)
        .put("version", version)
        .put("resource", resource);
    request.put("namespace", "team").put("operation", "CREATE");
    request.putObject("userInfo").put("username", "e2e");
    request.set("object", object);
    request.put("dryRun", false);
    return bytes(review);
  }

  /** The review with its {@code request.object} replaced by {@code object} (for /validate). */
  static byte[] withObject(byte[] review, JsonNode object) {
    try {
      ObjectNode tree = (ObjectNode) JSON.readTree(review);
      ((ObjectNode) tree.get("request")).set("object", object);
      return bytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The object of {@code review} after applying the {@code replace} operations of a response. */
  static JsonNode patched(byte[] review, JsonNode response) {
    try {
      ObjectNode object = (ObjectNode) JSON.readTree(review).path("request").path("object");
      for (JsonNode op : patch(response)) {
        if (!op.path("op").asText().equals("replace")) {
          throw new AssertionError("unexpected patch operation " + op);
        }
        String[] pointer = op.path("path").asText().substring(1).split("/");
        JsonNode parent = object;
        for (int i = 0; i < pointer.length - 1; i++) {
          parent =
              parent.isArray() ? parent.get(Integer.parseInt(pointer[i])) : parent.get(pointer[i]);
        }
        ((ObjectNode) parent).set(pointer[pointer.length - 1], op.get("value"));
      }
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The decoded JSON patch of a response ({@code patch} is base64), empty when none. */
  static List<JsonNode> patch(JsonNode response) {
    List<JsonNode> ops = new ArrayList<>();
    if (!response.has("patch")) {
      return ops;
    }
    try {
      JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText())).forEach(ops::add);
      return ops;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Operations as {@code op path=value} lines, for readable assertions. */
  static List<String> patchLines(JsonNode response) {
    return patch(response).stream()
        .map(
            op ->
                op.path("op").asText()
                    + " "
                    + op.path("path").asText()
                    + "="
                    + op.path("value").asText())
        .toList();
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
