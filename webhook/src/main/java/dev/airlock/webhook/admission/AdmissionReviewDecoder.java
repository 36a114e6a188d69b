package dev.airlock.webhook.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Steps 1–2: body → {@link AdmissionRequest} with its {@link ImageSites}. Reads the JSON tree (no
 * data binding), so bad input is a {@link BadReviewException} with a message, never a 5xx.
 */
@ApplicationScoped
public class AdmissionReviewDecoder {
  public static final String API_VERSION = "admission.k8s.io/v1";
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

  /**
   * Bounds on what a body may make the decoder build. An 8 KB Pod has about a thousand JSON tokens
   * and a nesting depth under 20; a 4 MiB body of {@code [{},{},…]} would otherwise build over a
   * million tree nodes (~100 MB of heap) per request.
   */
  static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxTokenCount(300_000)
          .maxNestingDepth(128)
          .maxDocumentLength(4L << 20)
          .build();

  private final ObjectMapper json;

  public AdmissionReviewDecoder(ObjectMapper json) {
    // A key given twice is refused: kube-apiserver never sends one, and parsers disagree on which
    // value wins, so the image airlock checks could differ from the one the kubelet pulls.
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.json = new ObjectMapper(factory);
  }

  public AdmissionRequest decode(byte[] body) throws BadReviewException {
    if (body == null || body.length == 0) {
      throw new BadReviewException("empty body: want an AdmissionReview");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadReviewException("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadReviewException("unreadable body: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new BadReviewException("empty body: want an AdmissionReview");
    }
    if (!root.isObject()) {
      throw new BadReviewException("AdmissionReview must be a JSON object");
    }
    String apiVersion = root.path("apiVersion").asText("");
    if (!API_VERSION.equals(apiVersion)) {
      throw new BadReviewException(
          "unsupported apiVersion \"" + apiVersion + "\": want " + API_VERSION);
    }
    if (!"AdmissionReview".equals(root.path("kind").asText(""))) {
      throw new BadReviewException("kind must be AdmissionReview");
    }
    JsonNode request = root.path("request");
    if (!request.isObject()) {
      throw new BadReviewException("AdmissionReview has no request");
    }
    String uid = requiredText(request, "uid");
    String operation = requiredText(request, "operation");
    if (!OPERATIONS.contains(operation)) {
      throw new BadReviewException("request.operation \"" + operation + "\" is not known");
    }
    String kind = request.path("kind").path("kind").asText("");
    if (kind.isEmpty()) {
      throw new BadReviewException("request.kind.kind is required");
    }
    JsonNode object = request.path("object");
    boolean needsObject = operation.equals("CREATE") || operation.equals("UPDATE");
    if (needsObject && !object.isObject()) {
      throw new BadReviewException("request.object is required for " + operation);
    }
    if (needsObject) {
      requireSameKind(kind, object);
    }
    String subResource = request.path("subResource").asText("");
    List<ImageSite> sites =
        needsObject ? ImageSites.of(kind, object) : List.of(); // DELETE/CONNECT run no image
    return new AdmissionRequest(
        uid,
        kind,
        subResource.isEmpty() ? Optional.empty() : Optional.of(subResource),
        request.path("namespace").asText(""),
        name(request, object),
        operation,
        request.path("userInfo").path("username").asText(""),
        request.path("dryRun").asBoolean(false),
        object.isObject() ? Optional.of(object) : Optional.empty(),
        sites);
  }

  /**
   * The walk for images follows {@code request.kind}; an object that says it is another kind would
   * be walked at the wrong paths. kube-apiserver sets both from one type, so a mismatch is forged.
   */
  private static void requireSameKind(String kind, JsonNode object) throws BadReviewException {
    JsonNode objectKind = object.path("kind");
    if (objectKind.isMissingNode()) {
      return;
    }
    if (!objectKind.isTextual() || !objectKind.asText().equals(kind)) {
      throw new BadReviewException(
          "request.object.kind "
              + objectKind
              + " does not match request.kind.kind \""
              + kind
              + "\"");
    }
  }

  private static String name(JsonNode request, JsonNode object) {
    String name = request.path("name").asText("");
    if (name.isEmpty() && !(object instanceof MissingNode)) {
      name = object.path("metadata").path("name").asText("");
      if (name.isEmpty()) {
        name = object.path("metadata").path("generateName").asText("");
      }
    }
    return name;
  }

  private static String requiredText(JsonNode request, String field) throws BadReviewException {
    JsonNode value = request.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new BadReviewException("request." + field + " is required");
    }
    return value.asText();
  }
}
