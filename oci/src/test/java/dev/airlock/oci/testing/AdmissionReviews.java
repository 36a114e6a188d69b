package dev.airlock.oci.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The one builder of AdmissionReview bodies for the black-box tests, the demo and the benches (the
 * webhook's own in-process tests use {@code dev.airlock.webhook.testing.Reviews}, which builds
 * every workload kind): a CREATE of a Pod or a Deployment the way kube-apiserver sends it (request
 * and object kinds, resource, requestKind, options, a defaulted pod spec), and the reading of an
 * answer's JSON patch.
 */
public final class AdmissionReviews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdmissionReviews() {}

  /** {@code kubectl run <name> --image=<image>}: a Pod in {@code namespace}, one container each. */
  public static ObjectNode pod(String namespace, String name, String... images) {
    ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", name).put("namespace", namespace);
    podSpec(pod.putObject("spec"), images);
    pod.putObject("status");
    return review("", "v1", "Pod", "pods", namespace, name, pod);
  }

  /** A Deployment in {@code namespace}; its images live in {@code spec.template}. */
  public static ObjectNode deployment(String namespace, String name, String... images) {
    ObjectNode d = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
    d.putObject("metadata").put("name", name).put("namespace", namespace).put("generation", 1);
    ObjectNode spec = d.putObject("spec").put("replicas", 2);
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode strategy = spec.putObject("strategy").put("type", "RollingUpdate");
    strategy.putObject("rollingUpdate").put("maxSurge", "25%").put("maxUnavailable", "25%");
    spec.put("revisionHistoryLimit", 10).put("progressDeadlineSeconds", 600);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    podSpec(template.putObject("spec"), images);
    d.putObject("status");
    return review("apps", "v1", "Deployment", "deployments", namespace, name, d);
  }

  private static void podSpec(ObjectNode spec, String... images) {
    ArrayNode containers = spec.putArray("containers");
    for (int i = 0; i < images.length; i++) {
      ObjectNode c = containers.addObject();
      c.put("name", "c" + i).put("image", images[i]);
      c.putObject("resources");
      c.put("terminationMessagePath", "/dev/termination-log");
      c.put("terminationMessagePolicy", "File");
      c.put("imagePullPolicy", images[i].endsWith(":latest") ? "Always" : "IfNotPresent");
    }
    spec.put("restartPolicy", "Always").put("terminationGracePeriodSeconds", 30);
    spec.put("dnsPolicy", "ClusterFirst").put("serviceAccountName", "default");
    spec.put("serviceAccount", "default").put("schedulerName", "default-scheduler");
    spec.putObject("securityContext");
    spec.put("enableServiceLinks", true).put("preemptionPolicy", "PreemptLowerPriority");
    spec.put("priority", 0);
  }

  private static ObjectNode review(
      String group,
      String version,
      String kind,
      String resource,
      String namespace,
      String name,
      ObjectNode object) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    gvk(request.putObject("kind"), group, version, kind);
    gvr(request.putObject("resource"), group, version, resource);
    gvk(request.putObject("requestKind"), group, version, kind);
    gvr(request.putObject("requestResource"), group, version, resource);
    request.put("name", name).put("namespace", namespace).put("operation", "CREATE");
    ObjectNode user = request.putObject("userInfo").put("username", "kubernetes-admin");
    user.putArray("groups").add("system:masters").add("system:authenticated");
    request.set("object", object);
    request.putNull("oldObject");
    request.put("dryRun", false);
    ObjectNode options =
        request
            .putObject("options")
            .put("kind", "CreateOptions")
            .put("apiVersion", "meta.k8s.io/v1");
    options.put("fieldManager", "kubectl-client-side-apply");
    return review;
  }

  private static void gvk(ObjectNode node, String group, String version, String kind) {
    node.put("group", group).put("version", version).put("kind", kind);
  }

  private static void gvr(ObjectNode node, String group, String version, String resource) {
    node.put("group", group).put("version", version).put("resource", resource);
  }

  /** The decoded JSON patch of an AdmissionResponse ({@code patch} is base64); empty if none. */
  public static List<JsonNode> patch(JsonNode response) {
    List<JsonNode> ops = new ArrayList<>();
    if (response.hasNonNull("patch")) {
      try {
        JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText())).forEach(ops::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ops;
  }

  /** Patch operations as {@code op path=value} lines, for readable assertions. */
  public static List<String> patchLines(JsonNode response) {
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

  /**
   * The review after kube-apiserver applied {@code ops} to its object (what {@code /validate} then
   * sees), with a new uid; airlock only emits {@code replace} of an existing string.
   */
  public static ObjectNode applied(ObjectNode review, List<JsonNode> ops) {
    ObjectNode copy = review.deepCopy();
    ((ObjectNode) copy.get("request")).put("uid", UUID.randomUUID().toString());
    JsonNode object = copy.path("request").path("object");
    for (JsonNode op : ops) {
      if (!op.path("op").asText().equals("replace")) {
        throw new AssertionError("unexpected patch operation " + op);
      }
      String[] pointer = op.path("path").asText().substring(1).split("/");
      JsonNode parent = object;
      for (int i = 0; i < pointer.length - 1; i++) {
        parent =
            parent.isArray() ? parent.get(Integer.parseInt(pointer[i])) : parent.get(pointer[i]);
        if (parent == null) {
          throw new AssertionError(
              "patch path " + op.path("path").asText() + " is not in the object");
        }
      }
      ((ObjectNode) parent).set(pointer[pointer.length - 1], op.get("value"));
    }
    return copy;
  }

  /** {@code review} with its {@code request.object} replaced by {@code object}. */
  public static ObjectNode withObject(ObjectNode review, JsonNode object) {
    ObjectNode copy = review.deepCopy();
    ((ObjectNode) copy.get("request")).set("object", object);
    return copy;
  }

  public static ObjectNode read(byte[] review) {
    try {
      return (ObjectNode) JSON.readTree(review);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String pretty(JsonNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
