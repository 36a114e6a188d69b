package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.charts.Chart.Rendered;
import dev.airlock.webhook.policy.Action;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.Policy;
import dev.airlock.webhook.policy.PolicyParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy ConfigMap the chart renders is accepted by the webhook's own loader. */
class PolicyLoaderTest {

  private static Policy load(Rendered rendered) throws Exception {
    String text =
        rendered.one("ConfigMap", "airlock-policy").path("data").path("policy.yaml").asText();
    return new PolicyParser(dev.airlock.webhook.verify.cosign.RuleTrust::compile)
        .parse(text, "ConfigMap airlock-policy");
  }

  @Test
  void stockValues_loadAsDenyEverythingWithoutRules() throws Exception {
    Policy policy = load(Chart.render());
    assertThat(policy.unmatchedImages()).isEqualTo(Action.DENY);
    assertThat(policy.unmirroredImages()).isEqualTo(Action.DENY);
    assertThat(policy.excludeNamespaces()).isEmpty();
    assertThat(policy.rules()).isEmpty();
  }

  @Test
  void ciDefaultValues_loadWithBothRulesMatchingTheirMirrorLocations() throws Exception {
    Policy policy = load(Chart.render(Chart.ciValues("default-values.yaml")));
    assertThat(policy.rules()).extracting(CompiledRule::name).containsExactly("solo", "dockerhub");
    assertThat(policy.match("registry.internal/solo-public/gloo-gateway/kgateway", "default"))
        .map(CompiledRule::name)
        .contains("solo");
    assertThat(policy.match("registry.internal/dockerhub/library/redis", "default"))
        .map(CompiledRule::name)
        .contains("dockerhub");
    assertThat(policy.match("registry.internal/other/image", "default")).isEmpty();
  }

  static List<Path> policyFiles() {
    return PoliciesTest.policyFiles();
  }

  @ParameterizedTest
  @MethodSource("policyFiles")
  void examplePolicy_renderedThroughTheChart_loadsWithItsRules(Path file, @TempDir Path work)
      throws Exception {
    JsonNode document = Chart.YAML.readTree(file.toFile());
    ObjectNode values = Chart.YAML.createObjectNode();
    values.set("policy", document.path("spec"));
    Path valuesFile = work.resolve("values.yaml");
    Chart.YAML.writeValue(valuesFile.toFile(), values);
    Policy policy = load(Chart.render(valuesFile));
    List<String> expected =
        Chart.YAML.convertValue(
            document.path("spec").path("rules").findValuesAsText("name"),
            Chart.YAML.getTypeFactory().constructCollectionType(List.class, String.class));
    assertThat(policy.rules()).extracting(CompiledRule::name).containsExactlyElementsOf(expected);
  }
}
