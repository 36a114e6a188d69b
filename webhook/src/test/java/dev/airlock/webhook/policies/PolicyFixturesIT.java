package dev.airlock.webhook.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.ServedApp;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.webhook.testing.ReviewCounts;
import dev.airlock.webhook.testing.Reviews;
import dev.airlock.webhook.testing.WebhookCalls;
import dev.airlock.webhook.testing.WebhookJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of {@code policies/} (policies/README.md) through the packaged webhook: one real
 * {@code docker-registry} stands in for {@code registry.internal}, one webhook runs per example
 * policy, and each fixture found in the directory pushes (and signs) what its {@code .expect.yaml}
 * asks, sends its review unchanged and gets exactly the answer, reason label and pins it expects.
 *
 * <p>Fixtures share tags (istio-system's passing and failing review both push {@code pilot
 * :1.26.2-solo}), so the webhooks run with {@code airlock.cache.digest-ttl=0s}: every review
 * resolves the tag the fixture just pushed.
 */
class PolicyFixturesIT {
  /** Set by failsafe (webhook/pom.xml) to {@code ${project.basedir}/../policies}. */
  static final String EXAMPLES_PROPERTY = "airlock.policies.dir";

  @TempDir static Path dir;
  private static Path examples;
  private static RegistryServer registry;
  private static MirrorSigner signer;
  private static final Map<Path, ServedApp> webhooks = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    examples = examplesDirectory();
    TestPki pki = TestPki.create(dir.resolve("pki"));
    registry = RegistryServer.builder(pki, dir).start();
    ExampleMirror mirror =
        ExampleMirror.write(
            examples, dir.resolve("certs.d"), registry.authority(), registry.caFile());
    signer =
        new MirrorSigner(
            registry.pusher(),
            MirrorMap.load(mirror.hostsDir()),
            registry.authority(),
            examples.resolve("testkeys"));
    for (Path example : Fixture.policies(examples)) {
      Path policy = mirror.policy(example, dir.resolve("policies").resolve(relative(example)));
      webhooks.put(
          example,
          WebhookJar.launch(
              Map.of(
                  "airlock.policy.file", policy.toString(),
                  "airlock.mirror.hosts-dir", mirror.hostsDir().toString(),
                  "airlock.cache.digest-ttl", "0s")));
    }
    for (ServedApp webhook : webhooks.values()) {
      webhook.awaitListening();
    }
  }

  private static Path examplesDirectory() {
    String configured = System.getProperty(EXAMPLES_PROPERTY);
    if (configured == null) {
      throw new IllegalStateException(
          "system property " + EXAMPLES_PROPERTY + " not set: run through mvn verify (failsafe)");
    }
    Path path = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isDirectory(path.resolve("certs.d"))) {
      throw new IllegalStateException(path + " is not the policies/ directory (no certs.d)");
    }
    return path;
  }

  private static String relative(Path example) {
    return examples.relativize(example).toString();
  }

  @AfterAll
  static void stop() throws Exception {
    for (ServedApp webhook : webhooks.values()) {
      webhook.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> fixture_answeredAsItsExpectFileSays() {
    List<Fixture> fixtures = Fixture.discover(examples);
    assertThat(fixtures).as("fixtures under " + examples).isNotEmpty();
    return fixtures.stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> run(f)));
  }

  @Test
  void everyExamplePolicy_hasAPassingAndAFailingFixture() throws Exception {
    Map<Path, List<String>> byPolicy = new HashMap<>();
    for (Fixture f : Fixture.discover(examples)) {
      if (Files.isRegularFile(f.expect())) {
        Path policy = policyOf(f, Expectation.read(f.expect()));
        byPolicy
            .computeIfAbsent(policy, p -> new ArrayList<>())
            .add(f.mustPass() ? "passes" : "fails");
      }
    }

    assertThat(webhooks.keySet()).isNotEmpty();
    for (Path policy : webhooks.keySet()) {
      assertThat(byPolicy.getOrDefault(policy, List.of()))
          .as("fixtures of " + relative(policy))
          .contains("passes", "fails");
    }
  }

  private static Path policyOf(Fixture f, Expectation e) {
    return f.expect().getParent().resolve(e.policy()).normalize();
  }

  private static void run(Fixture f) throws Exception {
    assertThat(f.expect()).as("fixture %s has no expect file", f.name()).isRegularFile();
    assertThat(f.review()).as("fixture %s has no AdmissionReview", f.name()).isRegularFile();
    Expectation e = Expectation.read(f.expect());
    assertThat(e.review())
        .as("review of " + f.expect())
        .isEqualTo(f.review().getFileName().toString());
    assertThat(e.expect().allowed()).as("expect.allowed of %s", f.name()).isEqualTo(f.mustPass());
    ServedApp webhook = webhooks.get(policyOf(f, e));
    assertThat(webhook)
        .as("policy %s of %s is no example policy", e.policy(), f.name())
        .isNotNull();

    Map<String, Digest> pushed = new HashMap<>();
    for (Expectation.MirrorImage image : e.mirror()) {
      pushed.put(image.image(), signer.push(image.image(), image.signedWith()));
    }
    byte[] body = Files.readAllBytes(f.review());
    JsonNode review = Reviews.JSON.readTree(body);
    Map<String, Double> before = ReviewCounts.scrape(webhook);
    JsonNode response = send(webhook, e.endpoint(), body);
    Map<String, Double> after = ReviewCounts.scrape(webhook);

    String answer = f.name() + " answered " + response;
    assertThat(response.path("uid").asText())
        .as(answer)
        .isEqualTo(review.at("/request/uid").asText());
    assertThat(response.path("allowed").asBoolean()).as(answer).isEqualTo(e.expect().allowed());
    assertThat(ReviewCounts.increase(before, after))
        .as("airlock_admission_reviews_total increase; " + answer)
        .containsExactly(
            Map.entry(
                ReviewCounts.key(
                    e.webhook(), e.expect().allowed() ? "allowed" : "denied", e.expect().reason()),
                1.0));
    if (e.expect().allowed()) {
      assertThat(WebhookCalls.patch(response))
          .as(answer)
          .containsExactlyInAnyOrderElementsOf(pins(e, review, pushed));
    } else {
      assertThat(response.at("/status/message").asText())
          .as(answer)
          .startsWith(e.expect().messagePrefix());
      assertThat(response.has("patch")).as(answer).isFalse();
    }
  }

  /** {@code replace <pointer>=<image as written>@<pushed digest>} for each expected pin. */
  private static List<String> pins(Expectation e, JsonNode review, Map<String, Digest> pushed) {
    List<String> ops = new ArrayList<>();
    for (String pointer : e.expect().pinned()) {
      String written = review.at("/request/object" + pointer).asText();
      Digest digest = pushed.get(written);
      assertThat(digest)
          .as("pinned %s is %s, which the fixture does not push", pointer, written)
          .isNotNull();
      ops.add("replace " + pointer + "=" + written + "@" + digest);
    }
    return ops;
  }

  private static JsonNode send(ServedApp webhook, String endpoint, byte[] body) throws Exception {
    return webhook.review(endpoint, body);
  }
}
