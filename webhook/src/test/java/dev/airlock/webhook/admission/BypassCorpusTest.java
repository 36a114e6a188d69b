package dev.airlock.webhook.admission;

import static dev.airlock.webhook.testing.FakeRegistryClient.digestOf;
import static dev.airlock.webhook.testing.WebhookCalls.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.WebhookTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bypass corpus (issue 12): every image location of {@link ImageLocation#ALL} × every kind the
 * image walk knows ({@link ImageSites#POD_SPEC_PATHS}) × every operation that runs images × both
 * webhooks × every state an image can be in at the mirror. The rows are generated from the
 * production tables, so a location or kind added there is in the corpus at once. An image is
 * allowed only when its digest is proven signed; every other row is a denial with its exact
 * message. The image under test is the second item of its list, after one that is allowed (or, for
 * volumes, one that names no image), so "the rest of the list is read" is checked too.
 */
@QuarkusTest
@QuarkusTestResource(WebhookTestResource.class)
class BypassCorpusTest extends AdmissionTestBase {
  static final String REPO = "registry.example.com/payments/corpus";
  static final String MIRROR = "registry.internal/example/payments/corpus";
  static final Digest SIGNED = digestOf("corpus-signed");
  static final Digest UNSIGNED = digestOf("corpus-unsigned");
  static final Digest ABSENT = digestOf("corpus-absent");

  /** What the mirror holds for the image, and what each webhook must answer. */
  enum State {
    SIGNED_TAG(REPO + ":1", null, "not pinned to a digest (rule signed requires one)"),
    SIGNED_PINNED(REPO + ":1@" + SIGNED, null, null),
    SIGNED_DIGEST_ONLY(REPO + "@" + SIGNED, null, null),
    UNSIGNED_TAG(
        REPO + ":2",
        "no signature found at the mirror",
        "not pinned to a digest (rule signed requires one)"),
    UNSIGNED_PINNED(
        REPO + "@" + UNSIGNED,
        "no signature found at the mirror",
        "no signature found at the mirror"),
    /** The tag names a signed digest; the digest written beside it is what runs, and is not. */
    SIGNED_TAG_PINNED_TO_UNSIGNED(
        REPO + ":1@" + UNSIGNED,
        "no signature found at the mirror",
        "no signature found at the mirror"),
    DIGEST_NOT_AT_MIRROR(
        REPO + "@" + ABSENT,
        "digest " + ABSENT + " not found at mirror " + MIRROR,
        "digest " + ABSENT + " not found at mirror " + MIRROR),
    TAG_NOT_AT_MIRROR(
        REPO + ":9",
        "tag 9 not found at mirror " + MIRROR,
        "not pinned to a digest (rule signed requires one)"),
    UNMIRRORED(
        "ghcr.io/corpus/app:1",
        "registry ghcr.io has no mirror in the hosts directory",
        "registry ghcr.io has no mirror in the hosts directory"),
    UNMATCHED(
        "registry.example.com/other/corpus:1",
        "no policy rule covers mirror location registry.internal/example/other/corpus",
        "no policy rule covers mirror location registry.internal/example/other/corpus"),
    INVALID(
        "Corpus:1",
        "invalid image reference: repository name \"library/Corpus\" must be lowercase",
        "invalid image reference: repository name \"library/Corpus\" must be lowercase");

    final String image;
    final String mutateDenial;
    final String validateDenial;

    State(String image, String mutateDenial, String validateDenial) {
      this.image = image;
      this.mutateDenial = mutateDenial;
      this.validateDenial = validateDenial;
    }

    Optional<String> denial(String webhook) {
      return Optional.ofNullable(webhook.equals("/mutate") ? mutateDenial : validateDenial);
    }
  }

  /** How the review carries the object. */
  enum Operation {
    CREATE,
    UPDATE,
    CREATE_DRY_RUN,
    /** pods/ephemeralcontainers: an UPDATE of the Pod's subresource (Kubernetes 1.23+). */
    UPDATE_EPHEMERAL_SUBRESOURCE
  }

  static Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    for (ImageLocation location : ImageLocation.ALL) {
      for (String kind : ImageSites.POD_SPEC_PATHS.keySet()) {
        if (kind.equals("EphemeralContainers")) {
          continue; // the 1.22 subresource object: rows in ephemeralRows()
        }
        for (Operation operation : Operation.values()) {
          if (operation == Operation.UPDATE_EPHEMERAL_SUBRESOURCE
              && !(kind.equals("Pod") && location.list().equals("ephemeralContainers"))) {
            continue;
          }
          for (String webhook : List.of("/mutate", "/validate")) {
            for (State state : State.values()) {
              rows.add(Arguments.of(location.describe(), kind, operation, webhook, state));
            }
          }
        }
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} in {1} {2} {3}: {4}")
  @MethodSource("rows")
  void everyLocationKindOperationAndState(
      String location, String kind, Operation operation, String webhook, State state) {
    ImageLocation at =
        ImageLocation.ALL.stream().filter(l -> l.describe().equals(location)).findFirst().get();
    mirrorCorpusImages();
    ObjectNode podSpec = Reviews.JSON.createObjectNode();
    ArrayNode list = podSpec.putArray(at.list());
    if (at.path().size() == 1) {
      list.addObject().put("name", "first").put(at.path().get(0), REPO + ":1@" + SIGNED);
    } else {
      list.addObject().put("name", "first").putObject("emptyDir");
    }
    ObjectNode item = list.addObject().put("name", "candidate");
    ObjectNode parent = item;
    for (String field : at.path().subList(0, at.path().size() - 1)) {
      parent = parent.putObject(field);
    }
    parent.put(at.path().get(at.path().size() - 1), state.image);
    ObjectNode review = Reviews.review(kind, "payments", podSpec);
    ObjectNode request = Reviews.request(review);
    switch (operation) {
      case UPDATE -> request.put("operation", "UPDATE").set("oldObject", request.get("object"));
      case CREATE_DRY_RUN -> request.put("dryRun", true);
      case UPDATE_EPHEMERAL_SUBRESOURCE ->
          request.put("operation", "UPDATE").put("subResource", "ephemeralcontainers");
      default -> {}
    }

    JsonNode response = calls.review(webhook, review);

    String field =
        String.join(".", Reviews.POD_SPEC.get(kind)) + "." + at.list() + "[1]." + dotted(at);
    Optional<String> denial = state.denial(webhook);
    if (denial.isPresent()) {
      assertThat(response.get("allowed").asBoolean()).as("allowed").isFalse();
      assertThat(response.at("/status/message").asText())
          .isEqualTo(field + ": " + state.image + ": " + denial.get());
      assertThat(response.has("patch")).as("a denial carries no patch").isFalse();
      return;
    }
    assertThat(response.get("allowed").asBoolean()).as(response.toString()).isTrue();
    String pointer =
        "/"
            + String.join("/", Reviews.POD_SPEC.get(kind))
            + "/"
            + at.list()
            + "/1/"
            + String.join("/", at.path());
    if (webhook.equals("/mutate") && state == State.SIGNED_TAG) {
      assertThat(patch(response))
          .containsExactly("replace " + pointer + "=" + REPO + ":1@" + SIGNED);
    } else {
      assertThat(patch(response)).isEmpty();
    }
  }

  /**
   * The pods/ephemeralcontainers object of Kubernetes 1.22 and earlier (kind EphemeralContainers,
   * the list at the top level): the same states, through both webhooks.
   */
  static Stream<Arguments> ephemeralRows() {
    List<Arguments> rows = new ArrayList<>();
    for (String webhook : List.of("/mutate", "/validate")) {
      for (State state : State.values()) {
        rows.add(Arguments.of(webhook, state));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "EphemeralContainers {0}: {1}")
  @MethodSource("ephemeralRows")
  void legacyEphemeralContainersObject(String webhook, State state) {
    mirrorCorpusImages();
    ObjectNode review = Reviews.review("Pod", "payments", Reviews.JSON.createObjectNode());
    ObjectNode request = Reviews.request(review);
    request.with("kind").put("kind", "EphemeralContainers");
    request.put("operation", "UPDATE").put("subResource", "ephemeralcontainers");
    ObjectNode object = Reviews.JSON.createObjectNode().put("kind", "EphemeralContainers");
    ArrayNode list = object.putArray("ephemeralContainers");
    list.addObject().put("name", "first").put("image", REPO + ":1@" + SIGNED);
    list.addObject().put("name", "debug").put("image", state.image);
    request.set("object", object);

    JsonNode response = calls.review(webhook, review);

    Optional<String> denial = state.denial(webhook);
    if (denial.isPresent()) {
      assertThat(response.get("allowed").asBoolean()).isFalse();
      assertThat(response.at("/status/message").asText())
          .isEqualTo("ephemeralContainers[1].image: " + state.image + ": " + denial.get());
    } else {
      assertThat(response.get("allowed").asBoolean()).as(response.toString()).isTrue();
      assertThat(patch(response))
          .isEqualTo(
              webhook.equals("/mutate") && state == State.SIGNED_TAG
                  ? List.of("replace /ephemeralContainers/1/image=" + REPO + ":1@" + SIGNED)
                  : List.of());
    }
  }

  /**
   * Spellings of an image under the signed rule that must not reach an allow: other ways to write
   * the host, the path, the tag and the digest, and strings that are not references at all. Each is
   * denied by both webhooks with the cause given (validate first says "not pinned" where the
   * reference is a valid tag).
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`registry.example.com:443/payments/corpus:1`|registry registry.example.com:443 has no mirror in the hosts directory",
        "`REGISTRY.EXAMPLE.COM/payments/corpus:1`|registry REGISTRY.EXAMPLE.COM has no mirror in the hosts directory",
        "`registry.example.com./payments/corpus:1`|invalid image reference: invalid registry host \"registry.example.com.\"",
        "`registry.example.com/payments/corpus:1 `|invalid image reference: invalid tag \"1 \"",
        "` registry.example.com/payments/corpus:1`|invalid image reference: invalid registry host \" registry.example.com\"",
        "`registry.example.com/payments//corpus:1`|invalid image reference: invalid repository path \"payments//corpus\"",
        "`registry.example.com/payments/./corpus:1`|invalid image reference: invalid repository path \"payments/./corpus\"",
        "`registry.example.com/payments/../corpus:1`|invalid image reference: invalid repository path \"payments/../corpus\"",
        "`registry.example.com/payments/CORPUS:1`|invalid image reference: repository name \"payments/CORPUS\" must be lowercase",
        "`registry.example.com/payments/corpus:`|invalid image reference: invalid tag \"\"",
        "`registry.example.com/payments/corpus:1#2`|invalid image reference: invalid tag \"1#2\"",
        "`https://registry.example.com/payments/corpus:1`|invalid image reference: invalid registry host \"https:\"",
        "`registry.example.com/payments/corpus@sha256:abc`|invalid image reference: invalid digest \"sha256:abc\"",
        "`registry.example.com/payments/corpus@sha256:C0D0`|invalid image reference: invalid digest \"sha256:C0D0\"",
        "`registry.example.com/payments/corpus@sha512:0000`|invalid image reference: invalid digest \"sha512:0000\"",
        "`registry.example.com/payments/corpus:1@@sha256:0`|invalid image reference: invalid digest \"@sha256:0\"",
        "`rеgistry.example.com/payments/corpus:1`|invalid image reference: invalid registry host \"rеgistry.example.com\"",
        "`registry.example.com/payments/corpus:1\u0000`|invalid image reference: invalid tag \"1\u0000\"",
        "`registry.example.com/payments/corpus:0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789`|invalid image reference: invalid tag \"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789\"",
        "``|invalid image reference: repository name is empty",
        "`registry.example.com/payments/corpus%2f..:1`|invalid image reference: invalid repository path \"payments/corpus%2f..\"",
        "`registry.example.com/payments%2Fcorpus:1`|invalid image reference: repository name \"payments%2Fcorpus\" must be lowercase",
        "`registry.example.com/payments/corpus:1%00`|invalid image reference: invalid tag \"1%00\"",
        "`registry-1.docker.io/library/redis:7.2`|registry registry-1.docker.io has no mirror in the hosts directory",
        "`[::1]:5000/payments/corpus:1`|registry [::1]:5000 has no mirror in the hosts directory",
        "`localhost/payments/corpus:1`|registry localhost has no mirror in the hosts directory",
      })
  void referenceSpellings_denied(String image, String cause) {
    mirrorCorpusImages();
    for (String webhook : List.of("/mutate", "/validate")) {
      JsonNode response = calls.review(webhook, Reviews.review("Pod", "payments", image));

      assertThat(response.get("allowed").asBoolean()).as(webhook).isFalse();
      assertThat(response.at("/status/message").asText())
          .as(webhook)
          .isEqualTo("spec.containers[0].image: " + image + ": " + cause);
    }
  }

  /**
   * Spellings of one Docker Hub image that containerd pulls from one place: each maps to the same
   * mirror location, resolves to the same digest and is pinned as written.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "redis:7.2",
        "library/redis:7.2",
        "docker.io/redis:7.2",
        "docker.io/library/redis:7.2",
        "index.docker.io/redis:7.2",
        "index.docker.io/library/redis:7.2"
      })
  void dockerHubSpellings_oneMirrorLocationOneDigest(String image) {
    Digest redis = digestOf("corpus-redis");
    registry.put("registry.internal/dockerhub/library/redis", "7.2", redis);

    JsonNode response = calls.review("/mutate", Reviews.review("Pod", "payments", image));

    assertThat(response.get("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(patch(response))
        .containsExactly("replace /spec/containers/0/image=" + image + "@" + redis);
  }

  private void mirrorCorpusImages() {
    registry.put(MIRROR, "1", SIGNED);
    registry.put(MIRROR, "2", UNSIGNED);
    verifier.sign(SIGNED);
  }

  private static String dotted(ImageLocation at) {
    return String.join(".", at.path());
  }
}
