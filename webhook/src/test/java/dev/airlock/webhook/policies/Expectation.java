package dev.airlock.webhook.policies;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A fixture's {@code *.expect.yaml} (policies/README.md "The expectation file"). Unknown keys are
 * errors, so a misspelt expectation cannot pass silently.
 *
 * @param policy policy file, relative to the expect file
 * @param review the AdmissionReview, relative to the expect file
 * @param endpoint {@code /mutate} or {@code /validate}
 * @param mirror what to push to the mirror before sending the review
 * @param expect what the answer must say
 */
record Expectation(
    String policy, String review, String endpoint, List<MirrorImage> mirror, Expected expect) {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * An image to push to its mirror location.
   *
   * @param image as written in the review
   * @param signedWith name of the key in {@code testkeys/} that signs the pushed digest; {@code
   *     null} leaves it unsigned
   */
  record MirrorImage(String image, String signedWith) {
    MirrorImage {
      Objects.requireNonNull(image, "mirror[].image is required");
    }
  }

  /**
   * @param allowed {@code response.allowed}
   * @param reason the {@code reason} label of {@code airlock_admission_reviews_total}
   * @param pinned JSON pointers (into the object) that the patch pins; allowed /mutate only
   * @param messagePrefix start of {@code response.status.message}; denied only
   */
  record Expected(Boolean allowed, String reason, List<String> pinned, String messagePrefix) {
    Expected {
      Objects.requireNonNull(allowed, "expect.allowed is required");
      Objects.requireNonNull(reason, "expect.reason is required");
      pinned = pinned == null ? List.of() : List.copyOf(pinned);
    }
  }

  Expectation {
    Objects.requireNonNull(policy, "policy is required");
    Objects.requireNonNull(review, "review is required");
    Objects.requireNonNull(endpoint, "endpoint is required");
    Objects.requireNonNull(expect, "expect is required");
    mirror = mirror == null ? List.of() : List.copyOf(mirror);
    if (!endpoint.equals("/mutate") && !endpoint.equals("/validate")) {
      throw new IllegalArgumentException("endpoint must be /mutate or /validate: " + endpoint);
    }
    if (expect.allowed() && expect.messagePrefix() != null) {
      throw new IllegalArgumentException("messagePrefix belongs to denied fixtures only");
    }
    if (!expect.allowed() && expect.messagePrefix() == null) {
      throw new IllegalArgumentException("a denied fixture needs expect.messagePrefix");
    }
    if (!expect.pinned().isEmpty() && !(expect.allowed() && endpoint.equals("/mutate"))) {
      throw new IllegalArgumentException("pinned belongs to allowed /mutate fixtures only");
    }
  }

  static Expectation read(Path file) throws IOException {
    return YAML.readValue(file.toFile(), Expectation.class);
  }

  /** The {@code webhook} label of the endpoint: {@code mutate} or {@code validate}. */
  String webhook() {
    return endpoint.substring(1);
  }
}
