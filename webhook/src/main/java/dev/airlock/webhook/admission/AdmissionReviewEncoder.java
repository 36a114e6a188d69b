package dev.airlock.webhook.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Step 10: {@link ReviewResult} → AdmissionReview {@code admission.k8s.io/v1} with the request's
 * uid, a base64 JSON Patch ({@code patchType: JSONPatch}) when images are pinned, warnings, and
 * {@code status.code}/{@code status.message} on denial.
 */
@ApplicationScoped
public class AdmissionReviewEncoder {
  private final ObjectMapper json;

  public AdmissionReviewEncoder(ObjectMapper json) {
    this.json = json;
  }

  public byte[] encode(String uid, ReviewResult result) {
    ObjectNode review = json.createObjectNode();
    review.put("apiVersion", AdmissionReviewDecoder.API_VERSION);
    review.put("kind", "AdmissionReview");
    ObjectNode response = review.putObject("response");
    response.put("uid", uid);
    response.put("allowed", result.allowed());
    if (!result.patch().isEmpty()) {
      response.put("patchType", "JSONPatch");
      response.put("patch", Base64.getEncoder().encodeToString(patch(result)));
    }
    if (!result.warnings().isEmpty()) {
      ArrayNode warnings = response.putArray("warnings");
      result.warnings().forEach(warnings::add);
    }
    result
        .message()
        .ifPresent(
            message -> {
              ObjectNode status = response.putObject("status");
              status.put("code", ReviewResult.DENIED_CODE);
              status.put("message", message);
            });
    return write(review);
  }

  /** RFC 6902 {@code replace} operations. */
  byte[] patch(ReviewResult result) {
    ArrayNode ops = json.createArrayNode();
    for (PatchOperation op : result.patch()) {
      ops.addObject().put("op", "replace").put("path", op.path()).put("value", op.value());
    }
    return write(ops);
  }

  private byte[] write(Object tree) {
    try {
      return json.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON tree", e);
    }
  }
}
