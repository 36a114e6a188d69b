package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** values.schema.json: types every value, rejects unknown ones and anything not fail-closed. */
class ValuesSchemaTest {

  @Test
  void unknownTopLevelValue_rejected() {
    assertThat(Chart.renderError(Map.of("colour", "blue")))
        .contains("additional properties 'colour' not allowed");
  }

  @Test
  void unknownNestedValue_rejected() {
    assertThat(Chart.renderError(Map.of("webhook.admission.failOpen", "true")))
        .contains("/webhook/admission")
        .contains("additional properties 'failOpen' not allowed");
  }

  @Test
  void failurePolicyIgnore_rejected() {
    assertThat(Chart.renderError(Map.of("webhook.admission.failurePolicy", "Ignore")))
        .contains("/webhook/admission/failurePolicy")
        .contains("value must be 'Fail'");
  }

  @Test
  void singleWebhookReplica_rejected() {
    assertThat(Chart.renderError(Map.of("webhook.replicas", "1")))
        .contains("/webhook/replicas")
        .contains("minimum");
  }

  @Test
  void timeoutAboveKubernetesMaximum_rejected() {
    assertThat(Chart.renderError(Map.of("webhook.admission.timeoutSeconds", "31")))
        .contains("/webhook/admission/timeoutSeconds");
  }

  @Test
  void unknownPolicyAction_rejected() {
    assertThat(Chart.renderError(Map.of("policy.unmatchedImages", "warn")))
        .contains("/policy/unmatchedImages");
  }

  @Test
  void ruleWithoutAttestors_rejected() {
    assertThat(
            Chart.renderError(
                Map.of(
                    "policy.rules[0].name", "solo",
                    "policy.rules[0].images[0]", "registry.internal/solo-public/**")))
        .contains("/policy/rules/0")
        .contains("missing property 'attestors'");
  }

  @Test
  void ruleWithUnknownField_rejected() {
    assertThat(
            Chart.renderError(
                Map.of(
                    "policy.rules[0].name", "solo",
                    "policy.rules[0].images[0]", "registry.internal/solo-public/**",
                    "policy.rules[0].attestors[0].entries[0].keys.publicKeys",
                        "-----BEGIN PUBLIC KEY-----",
                    "policy.rules[0].skipVerify", "true")))
        .contains("additional properties 'skipVerify' not allowed");
  }

  @Test
  void imageDigestNotSha256_rejected() {
    assertThat(Chart.renderError(Map.of("webhook.image.digest", "latest")))
        .contains("/webhook/image/digest");
  }

  @Test
  void unknownTlsMode_rejected() {
    assertThat(Chart.renderError(Map.of("webhook.tls.mode", "none"))).contains("/webhook/tls/mode");
  }

  @Test
  void probeNamespaceSharedWithNodeWork_rejectedSoTheNetworkPolicyCannotMaskALeak() {
    assertThat(Chart.renderError(Map.of("probe.namespace", "airlock-node")))
        .contains(
            "the release namespace, probe.namespace, probe.hostNamespace and "
                + "nodeWork.namespace must differ (got airlock-system, airlock-node, "
                + "airlock-probe-host, airlock-node)");
  }

  @Test
  void releaseInDefaultNamespace_rejectedBecauseItWouldBeExcludedFromAdmission() {
    assertThat(Chart.renderError("default", Map.of()))
        .contains("namespace \"default\" would be excluded from admission");
  }

  @Test
  void probeIntervalInGoCompoundForm_rejectedBecauseQuarkusCannotReadIt() {
    assertThat(Chart.renderError(Map.of("probe.serve.interval", "1m30s")))
        .contains("/probe/serve/interval");
  }

  @Test
  void keylessIdentityWithoutSubject_rejected() {
    assertThat(
            Chart.renderError(
                Map.of(
                    "policy.rules[0].name", "keyless",
                    "policy.rules[0].images[0]", "registry.internal/**",
                    "policy.rules[0].attestors[0].entries[0].keyless.trustedRoot",
                        "/etc/airlock/policy/trusted_root.json",
                    "policy.rules[0].attestors[0].entries[0].keyless.identities[0].issuer",
                        "https://token.actions.githubusercontent.com")))
        .contains("/policy/rules/0/attestors/0/entries/0/keyless/identities/0");
  }

  @Test
  void keylessIdentityWithIssuerAndSubjectRegExp_accepted() {
    String policy =
        Chart.render(
                Map.of(
                    "policy.rules[0].name", "keyless",
                    "policy.rules[0].images[0]", "registry.internal/**",
                    "policy.rules[0].attestors[0].entries[0].keyless.trustedRoot",
                        "/etc/airlock/policy/trusted_root.json",
                    "policy.rules[0].attestors[0].entries[0].keyless.identities[0].issuer",
                        "https://token.actions.githubusercontent.com",
                    "policy.rules[0].attestors[0].entries[0].keyless.identities[0].subjectRegExp",
                        "^https://github.com/solo-io/.*$"))
            .one("ConfigMap", "airlock-policy")
            .path("data")
            .path("policy.yaml")
            .asText();
    assertThat(policy).contains("subjectRegExp: ^https://github.com/solo-io/.*$");
  }

  @Test
  void inUseWatcherWithNodeCertsDir_rejectedBecauseItsNamespaceIsRestricted() {
    assertThat(
            Chart.renderError(
                Map.of("probe.inUse.enabled", "true", "mirror.hostsFrom", "hostPath")))
        .contains("probe.inUse runs in probe.namespace, which is Pod Security restricted");
  }

  @Test
  void everyValueInValuesYaml_isDeclaredInTheSchema() throws IOException {
    JsonNode values = Chart.YAML.readTree(Chart.dir().resolve("values.yaml").toFile());
    JsonNode schema = Chart.JSON.readTree(Chart.dir().resolve("values.schema.json").toFile());
    List<String> undeclared = new ArrayList<>();
    collectUndeclared(values, schema, schema, "", undeclared);
    assertThat(undeclared).isEmpty();
  }

  @Test
  void everySchemaObjectWithProperties_forbidsAdditionalProperties() throws IOException {
    JsonNode schema = Chart.JSON.readTree(Chart.dir().resolve("values.schema.json").toFile());
    List<String> open = new ArrayList<>();
    collectOpenObjects(schema, "#", open);
    assertThat(open).isEmpty();
  }

  /** Each key of values.yaml has a comment line right above it (helm-docs style). */
  @Test
  void everyValueInValuesYaml_hasAComment() throws IOException {
    List<String> lines = Files.readAllLines(Chart.dir().resolve("values.yaml"));
    Pattern key = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9_.-]*):(\\s.*)?$");
    List<String> undocumented = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = key.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      String previous = i == 0 ? "" : lines.get(i - 1).trim();
      if (!previous.startsWith("#")) {
        undocumented.add((i + 1) + ": " + lines.get(i).trim());
      }
    }
    assertThat(undocumented).isEmpty();
  }

  private static void collectUndeclared(
      JsonNode value, JsonNode schema, JsonNode root, String path, List<String> undeclared) {
    JsonNode resolved = resolve(schema, root);
    if (value.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode declared = resolved.path("properties").get(field.getKey());
        if (declared == null) {
          JsonNode additional = resolved.get("additionalProperties");
          if (additional != null && additional.isObject()) {
            declared = additional;
          } else {
            undeclared.add(path + "." + field.getKey());
            continue;
          }
        }
        collectUndeclared(
            field.getValue(), declared, root, path + "." + field.getKey(), undeclared);
      }
    } else if (value.isArray() && resolved.has("items")) {
      int i = 0;
      for (JsonNode item : value) {
        collectUndeclared(item, resolved.get("items"), root, path + "[" + i++ + "]", undeclared);
      }
    }
  }

  private static JsonNode resolve(JsonNode schema, JsonNode root) {
    JsonNode current = schema;
    while (current.has("$ref")) {
      String ref = current.get("$ref").asText();
      current = root.at(ref.substring(1));
    }
    return current;
  }

  private static void collectOpenObjects(JsonNode node, String path, List<String> open) {
    if (node.isObject()) {
      if (node.has("properties")) {
        JsonNode additional = node.get("additionalProperties");
        if (additional == null || (additional.isBoolean() && additional.asBoolean())) {
          open.add(path);
        }
      }
      node.fields()
          .forEachRemaining(f -> collectOpenObjects(f.getValue(), path + "/" + f.getKey(), open));
    } else if (node.isArray()) {
      int i = 0;
      for (JsonNode item : node) {
        collectOpenObjects(item, path + "/" + i++, open);
      }
    }
  }
}
