package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.charts.Chart.Rendered;
import dev.airlock.oci.mirror.HostsFileParser;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.Policy;
import dev.airlock.webhook.policy.PolicyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mirror map as the pods see it, read with oci's {@link MirrorMap}: the chart's hosts files
 * load and route, and every policy fixture's expected reason follows from policies/certs.d and the
 * policy's globs (unmirrored, unmatched, or covered so that the signature decides).
 */
class MirrorContractTest {
  private static final String HOSTS_DIR = "/etc/containerd/certs.d";

  /** Writes the hosts ConfigMap into {@code root}+hostsDir exactly as the volume items map it. */
  private static Path materialize(Rendered rendered, Path root) throws Exception {
    JsonNode deployment = rendered.one("Deployment", "airlock-webhook");
    JsonNode items = null;
    for (JsonNode volume : deployment.path("spec").path("template").path("spec").path("volumes")) {
      if (volume.path("name").asText().equals("mirror-hosts")) {
        items = volume.path("configMap").path("items");
      }
    }
    JsonNode data =
        rendered.inNamespace(Chart.NAMESPACE).stream()
            .filter(d -> d.path("metadata").path("name").asText().equals("airlock-mirror-hosts"))
            .findFirst()
            .orElseThrow()
            .path("data");
    Path hostsDir = root.resolve(HOSTS_DIR.substring(1));
    for (JsonNode item : items) {
      Path file = hostsDir.resolve(item.path("path").asText());
      Files.createDirectories(file.getParent());
      Files.writeString(file, data.path(item.path("key").asText()).asText());
    }
    return hostsDir;
  }

  @Test
  void ciHostsFiles_loadWithTheirCaFilesAndRouteToThePolicysRules(@TempDir Path root)
      throws Exception {
    Rendered rendered = Chart.render(Chart.ciValues("default-values.yaml"));
    Path hostsDir = materialize(rendered, root);
    MirrorMap map = MirrorMap.load(hostsDir, HostsFileParser.underRoot(root));
    assertThat(map.files()).containsOnlyKeys("docker.io", "us-docker.pkg.dev");
    assertThat(hostsDir.resolve("docker.io/ca.crt")).content().startsWith("-----BEGIN CERTIFICATE");

    Policy policy =
        parse(
            rendered.one("ConfigMap", "airlock-policy").path("data").path("policy.yaml").asText(),
            "ConfigMap airlock-policy");
    assertThat(location(map, "redis:7.2")).contains("registry.internal/dockerhub/library/redis");
    assertThat(location(map, "us-docker.pkg.dev/solo-public/gloo-gateway/kgateway:v2.0.0"))
        .contains("registry.internal/solo-public/gloo-gateway/kgateway");
    assertThat(matchingRules(policy, "registry.internal/dockerhub/library/redis", "default"))
        .containsExactly("dockerhub");
    assertThat(
            matchingRules(policy, "registry.internal/solo-public/gloo-gateway/kgateway", "default"))
        .containsExactly("solo");
    assertThat(location(map, "quay.io/prometheus/prometheus:v3.0.0")).isEmpty();
  }

  static Stream<Path> expectFiles() {
    return PoliciesTest.expectFiles().stream();
  }

  @ParameterizedTest
  @MethodSource("expectFiles")
  void fixture_expectedReasonFollowsFromTheMirrorMapAndPolicyMatch(Path expectFile)
      throws Exception {
    MirrorMap map =
        MirrorMap.load(
            PoliciesTest.policiesDir().resolve("certs.d"),
            HostsFileParser.underRoot(Path.of("/nonexistent-node-root")));
    JsonNode expectation = Chart.YAML.readTree(expectFile.toFile());
    Path policyFile = expectFile.resolveSibling(expectation.path("policy").asText());
    Policy policy = parse(Files.readString(policyFile), policyFile.toString());
    JsonNode request =
        Chart.JSON
            .readTree(expectFile.resolveSibling(expectation.path("review").asText()).toFile())
            .path("request");
    String namespace = request.path("namespace").asText();
    String reason = expectation.path("expect").path("reason").asText();

    List<String> images = images(request.path("object"));
    assertThat(images).isNotEmpty();
    for (String image : images) {
      Optional<String> location = location(map, image);
      switch (reason) {
        case "unmirrored" -> assertThat(location).as(image).isEmpty();
        case "unmatched" -> {
          assertThat(location).as(image).isPresent();
          assertThat(matchingRules(policy, location.get(), namespace)).as(image).isEmpty();
        }
        default -> {
          assertThat(location).as(image).isPresent();
          assertThat(matchingRules(policy, location.get(), namespace)).as(image).hasSize(1);
        }
      }
    }
  }

  private static Optional<String> location(MirrorMap map, String image) throws Exception {
    return map.route(ImageReference.parse(image)).map(MirrorRoute::mirrorLocation);
  }

  /** The rule the webhook's own policy picks for {@code location} (design.md globs). */
  private static List<String> matchingRules(Policy policy, String location, String namespace) {
    return policy.match(location, namespace).map(CompiledRule::name).stream().toList();
  }

  private static Policy parse(String text, String source) throws Exception {
    return new PolicyParser(dev.airlock.webhook.verify.cosign.RuleTrust::compile)
        .parse(text, source);
  }

  private static List<String> images(JsonNode object) {
    JsonNode spec =
        object.path("kind").asText().equals("Pod")
            ? object.path("spec")
            : object.path("spec").path("template").path("spec");
    List<String> images = new ArrayList<>();
    for (String kind : List.of("initContainers", "containers", "ephemeralContainers")) {
      spec.path(kind).forEach(c -> images.add(c.path("image").asText()));
    }
    return images;
  }
}
