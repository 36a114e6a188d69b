package dev.airlock.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.testing.AdmissionReviews;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

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
    return AdmissionReviews.bytes(AdmissionReviews.pod("team", "app", images));
  }

  /** A Deployment CREATE review: the images are in its pod template. */
  static byte[] deployment(String... images) {
    return AdmissionReviews.bytes(AdmissionReviews.deployment("team", "app", images));
  }

  /** The review with its {@code request.object} replaced by {@code object} (for /validate). */
  static byte[] withObject(byte[] review, JsonNode object) {
    return AdmissionReviews.bytes(
        AdmissionReviews.withObject(AdmissionReviews.read(review), object));
  }

  /** The object of {@code review} after applying the {@code replace} operations of a response. */
  static JsonNode patched(byte[] review, JsonNode response) {
    return AdmissionReviews.applied(AdmissionReviews.read(review), AdmissionReviews.patch(response))
        .path("request")
        .path("object");
  }

  /** The decoded JSON patch of a response ({@code patch} is base64), empty when none. */
  static List<JsonNode> patch(JsonNode response) {
    return AdmissionReviews.patch(response);
  }

  /** Operations as {@code op path=value} lines, for readable assertions. */
  static List<String> patchLines(JsonNode response) {
    return AdmissionReviews.patchLines(response);
  }
}
