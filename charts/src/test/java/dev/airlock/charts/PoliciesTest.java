package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * policies/: every example policy goes through the chart's schema unchanged, and has a passing and
 * a failing fixture whose expectation file is complete and consistent with its review.
 */
class PoliciesTest {
  private static final Set<String> REASONS =
      Set.of(
          "verified",
          "audit",
          "excluded",
          "unmatched",
          "unmirrored",
          "no_digest",
          "unsigned",
          "untrusted",
          "digest_mismatch",
          "identity_mismatch",
          "malformed",
          "registry_error",
          "timeout",
          "bad_request");

  static Path policiesDir() {
    return Chart.repoRoot().resolve("policies");
  }

  static List<Path> policyFiles() {
    try (Stream<Path> files = Files.walk(policiesDir())) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".policy.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> expectFiles() {
    try (Stream<Path> files = Files.walk(policiesDir())) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".expect.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @org.junit.jupiter.api.Test
  void policies_coverTheSoloNamespacesAndDockerHub() {
    List<String> names =
        policyFiles().stream().map(p -> policiesDir().relativize(p).toString()).toList();
    assertThat(names)
        .contains(
            "solo/agentgateway-system.policy.yaml",
            "solo/kgateway-system.policy.yaml",
            "solo/istio-system.policy.yaml",
            "solo/kagent-system.policy.yaml",
            "dockerhub/redis.policy.yaml");
  }

  @ParameterizedTest
  @MethodSource("policyFiles")
  void policy_hasPassingAndFailingFixtureWithExpectations(Path policy) {
    String base = policy.getFileName().toString().replace(".policy.yaml", "");
    for (String outcome : List.of("passes", "fails")) {
      assertThat(policy.resolveSibling(base + "-" + outcome + ".yaml")).isRegularFile();
      assertThat(policy.resolveSibling(base + "-" + outcome + ".expect.yaml")).isRegularFile();
    }
  }

  @ParameterizedTest
  @MethodSource("policyFiles")
  void policy_renderedThroughTheChartSchemaUnchanged(Path policy, @TempDir Path work)
      throws IOException {
    JsonNode document = Chart.YAML.readTree(policy.toFile());
    assertThat(document.path("apiVersion").asText()).isEqualTo("airlock.dev/v1alpha1");
    assertThat(document.path("kind").asText()).isEqualTo("AdmissionPolicy");
    ObjectNode values = Chart.YAML.createObjectNode();
    values.set("policy", document.path("spec"));
    Path valuesFile = work.resolve("values.yaml");
    Chart.YAML.writeValue(valuesFile.toFile(), values);
    JsonNode configMap = Chart.render(valuesFile).one("ConfigMap", "airlock-policy");
    JsonNode rendered = Chart.YAML.readTree(configMap.path("data").path("policy.yaml").asText());
    assertThat(rendered).isEqualTo(document);
  }

  @ParameterizedTest
  @MethodSource("expectFiles")
  void expectation_completeAndConsistentWithItsReview(Path expectFile) throws IOException {
    JsonNode expectation = Chart.YAML.readTree(expectFile.toFile());
    assertThat(fieldNames(expectation))
        .containsExactlyInAnyOrder("policy", "review", "endpoint", "mirror", "expect");
    String name = expectFile.getFileName().toString();
    assertThat(expectFile.resolveSibling(expectation.path("policy").asText())).isRegularFile();
    Path reviewFile = expectFile.resolveSibling(expectation.path("review").asText());
    assertThat(reviewFile.getFileName().toString())
        .isEqualTo(name.replace(".expect.yaml", ".yaml"));
    assertThat(expectation.path("endpoint").asText()).isIn("/mutate", "/validate");

    JsonNode review = Chart.JSON.readTree(reviewFile.toFile());
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode request = review.path("request");
    assertThat(request.path("uid").asText()).isNotEmpty();
    assertThat(request.path("operation").asText()).isEqualTo("CREATE");
    assertThat(request.path("object").path("metadata").path("namespace").asText())
        .isEqualTo(request.path("namespace").asText());

    JsonNode expect = expectation.path("expect");
    boolean allowed = expect.path("allowed").asBoolean();
    assertThat(expect.path("allowed").isBoolean()).isTrue();
    assertThat(allowed).isEqualTo(name.endsWith("-passes.expect.yaml"));
    assertThat(expect.path("reason").asText()).isIn(REASONS);
    List<String> images = new ArrayList<>();
    for (JsonNode entry : expectation.path("mirror")) {
      assertThat(fieldNames(entry)).containsExactlyInAnyOrder("image", "signedWith");
      images.add(entry.path("image").asText());
      if (!entry.path("signedWith").isNull()) {
        assertThat(
                policiesDir()
                    .resolve("testkeys")
                    .resolve(entry.path("signedWith").asText() + ".key"))
            .isRegularFile();
      }
    }
    if (allowed) {
      assertThat(fieldNames(expect)).containsExactlyInAnyOrder("allowed", "reason", "pinned");
      assertThat(expectation.path("endpoint").asText()).isEqualTo("/mutate");
      List<String> pinnedImages = new ArrayList<>();
      for (JsonNode pointer : expect.path("pinned")) {
        JsonNode image = request.path("object").at(pointer.asText());
        assertThat(image.isTextual()).as(pointer.asText()).isTrue();
        pinnedImages.add(image.asText());
      }
      assertThat(pinnedImages).isNotEmpty().containsExactlyInAnyOrderElementsOf(images);
    } else {
      assertThat(fieldNames(expect))
          .containsExactlyInAnyOrder("allowed", "reason", "messagePrefix");
      String prefix = expect.path("messagePrefix").asText();
      String field = prefix.substring(0, prefix.indexOf(".image: ") + ".image".length());
      String pointer = "/" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
      String image = request.path("object").at(pointer).asText();
      assertThat(prefix).isEqualTo(field + ": " + image + ": ");
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
