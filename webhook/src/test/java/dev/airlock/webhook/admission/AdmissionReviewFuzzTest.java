package dev.airlock.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.testing.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzz (issue 12): a mutated AdmissionReview is either a request whose image sites are every image
 * the object names, or a {@link BadReviewException} (a 400); never another exception (a 5xx) and
 * never a request that has lost an image. The oracle walks the parsed body on its own with {@link
 * ImageLocation#ALL} at the Pod and Deployment paths.
 */
class AdmissionReviewFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AdmissionReviewDecoder DECODER = new AdmissionReviewDecoder(JSON);

  private static final String POD_SPEC =
      "{\"containers\":[{\"name\":\"a\",\"image\":\"registry.example.com/payments/a:1\"},"
          + "{\"name\":\"b\",\"image\":\"redis@sha256:"
          + "4c3b1d6e8f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c\"}],"
          + "\"initContainers\":[{\"name\":\"i\",\"image\":\"busybox:1.36\"}],"
          + "\"ephemeralContainers\":[{\"name\":\"d\",\"image\":\"quay.io/debug/tools:1\"}],"
          + "\"volumes\":[{\"name\":\"e\",\"emptyDir\":{}},"
          + "{\"name\":\"m\",\"image\":{\"reference\":\"registry.example.com/models:1\"}}]}";

  private static String review(String kind, String operation, String object) {
    return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
        + "\"uid\":\"u-1\",\"operation\":\""
        + operation
        + "\",\"namespace\":\"payments\",\"name\":\"x\","
        + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\""
        + kind
        + "\"},\"userInfo\":{\"username\":\"alice\"},\"dryRun\":false,\"object\":"
        + object
        + "}}";
  }

  @Property
  void mutatedReview_isARequestWithEveryImageOrA400(@ForAll("mutated") String body) {
    AdmissionRequest request;
    try {
      request = DECODER.decode(body.getBytes(StandardCharsets.UTF_8));
    } catch (BadReviewException e) {
      Statistics.collect("400");
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\r", "\u2028");
      return;
    }
    Statistics.collect("decoded");
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("decoder accepted a body Jackson cannot read: " + body, e);
    }
    JsonNode object = root.path("request").path("object");
    List<String> path = ImageSites.POD_SPEC_PATHS.get(request.kind());
    if (path == null
        || !(request.operation().equals("CREATE") || request.operation().equals("UPDATE"))) {
      assertThat(request.sites()).isEmpty();
      return;
    }
    JsonNode podSpec = object;
    for (String segment : path) {
      podSpec = podSpec.path(segment);
    }
    assertThat(request.sites()).as("image sites of %s", body).hasSize(countImages(podSpec));
  }

  /** Every present, non-null value at an image location (the oracle). */
  private static int countImages(JsonNode podSpec) {
    int count = 0;
    for (ImageLocation location : ImageLocation.ALL) {
      for (JsonNode item : podSpec.path(location.list())) {
        JsonNode value = item;
        for (String segment : location.path()) {
          value = value.path(segment);
        }
        if (!value.isMissingNode() && !value.isNull()) {
          count++;
        }
      }
    }
    return count;
  }

  @Property
  void anyBytes_neverA5xx(@ForAll byte[] body) {
    try {
      DECODER.decode(body);
    } catch (BadReviewException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\r");
    }
  }

  @Provide
  Arbitrary<String> mutated() {
    return Arbitraries.of(
            review("Pod", "CREATE", "{\"kind\":\"Pod\",\"spec\":" + POD_SPEC + "}"),
            review(
                "Deployment",
                "UPDATE",
                "{\"kind\":\"Deployment\",\"spec\":{\"template\":{\"spec\":" + POD_SPEC + "}}}"),
            review("Pod", "DELETE", "{\"kind\":\"Pod\",\"spec\":" + POD_SPEC + "}"))
        .flatMap(Mutations::of);
  }
}
