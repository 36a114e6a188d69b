package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.charts.Chart.Rendered;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ServiceMonitors, alerts and dashboard: wired to the metric names the code exports. */
class MonitoringTest {

  private static final Map<String, String> ENABLED =
      Map.of(
          "monitoring.serviceMonitor.enabled", "true",
          "monitoring.prometheusRule.enabled", "true",
          "monitoring.grafanaDashboard.enabled", "true");

  private static Map<String, JsonNode> alerts(Rendered rendered) {
    Map<String, JsonNode> alerts = new LinkedHashMap<>();
    for (JsonNode group : rendered.one("PrometheusRule").path("spec").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        alerts.put(rule.path("alert").asText(), rule);
      }
    }
    return alerts;
  }

  private static List<String> dashboardExpressions(Rendered rendered) throws Exception {
    JsonNode configMap = rendered.one("ConfigMap", "airlock-dashboard");
    JsonNode dashboard = Chart.JSON.readTree(configMap.path("data").path("airlock.json").asText());
    List<String> exprs = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    return exprs;
  }

  static Stream<Arguments> promQlCases() {
    return Stream.of(
        Arguments.of(
            "histogram_quantile(0.99, sum by (mirror, le) (rate(a_bucket{x=\"y\"}[5m])))" + " > 5",
            Set.of("a_bucket")),
        Arguments.of("(sum(up{job=\"w\"}) == 0) or absent(up{job=\"w\"})", Set.of("up")),
        Arguments.of("(b_ts - time()) < 2592000", Set.of("b_ts")),
        Arguments.of("max by (target) (c_leak) == 1", Set.of("c_leak")),
        Arguments.of("x / on (i) group_left (j) y > 1e3", Set.of("x", "y")));
  }

  @ParameterizedTest
  @MethodSource("promQlCases")
  void promQl_metricNames_extractedWithoutFunctionsLabelsOrKeywords(
      String expr, Set<String> names) {
    assertThat(PromQl.metricNames(expr)).containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  void stockValues_noMonitoringObjects() {
    Rendered rendered = Chart.render();
    assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
    assertThat(rendered.ofKind("PrometheusRule")).isEmpty();
    assertThat(rendered.ofKind("ConfigMap"))
        .noneSatisfy(
            c ->
                assertThat(c.path("metadata").path("name").asText())
                    .isEqualTo("airlock-dashboard"));
  }

  @Test
  void alertsAndDashboard_useOnlyMetricNamesTheCodeExports() throws Exception {
    Rendered rendered = Chart.render(ENABLED);
    Set<String> exported = new TreeSet<>(ExportedMetricNames.seriesNames());
    exported.addAll(ExportedMetricNames.PROMETHEUS_SYNTHETIC);
    List<String> exprs = new ArrayList<>();
    alerts(rendered).values().forEach(a -> exprs.add(a.path("expr").asText()));
    exprs.addAll(dashboardExpressions(rendered));
    Set<String> used = new TreeSet<>();
    for (String expr : exprs) {
      Set<String> names = PromQl.metricNames(expr);
      assertThat(names).as("metric names in " + expr).isNotEmpty();
      used.addAll(names);
    }
    assertThat(exported).containsAll(used);
  }

  @Test
  void alerts_coverTheRequiredConditionsWithTheirThresholds() {
    Map<String, JsonNode> alerts = alerts(Chart.render(ENABLED));
    assertThat(alerts.get("AirlockMirrorPullLatencyHigh").path("expr").asText())
        .startsWith("histogram_quantile(0.99,")
        .contains("airlock_mirror_pull_duration_seconds_bucket")
        .endsWith("> 5");
    assertThat(alerts.get("AirlockMirrorPullLatencyHigh").path("for").asText()).isEqualTo("5m");
    assertThat(alerts.get("AirlockMirrorPullFailures").path("expr").asText())
        .contains("airlock_mirror_pulls_total{result=\"failed\"}")
        .contains("sum by (mirror, image)")
        .endsWith("> 0.01");
    assertThat(alerts.get("AirlockEgressLeak").path("expr").asText())
        .isEqualTo("max by (target) (airlock_egress_leak) == 1");
    assertThat(alerts.get("AirlockEgressLeak").has("for")).isFalse();
    assertThat(alerts.get("AirlockMirrorDiskFull").path("expr").asText())
        .isEqualTo("airlock_mirror_disk_used_ratio > 0.8");
    assertThat(alerts.get("AirlockMirrorCertificateExpiring").path("expr").asText())
        .isEqualTo("(airlock_mirror_tls_cert_expiry_timestamp_seconds - time()) < 2592000");
    assertThat(alerts.get("AirlockAdmissionDenied").path("expr").asText())
        .contains("airlock_admission_reviews_total{decision=\"denied\"}");
    assertThat(alerts.get("AirlockWebhookUnavailable").path("expr").asText())
        .contains("up{job=\"airlock-webhook\", namespace=\"airlock-system\"}");
    assertThat(alerts.get("AirlockAdmissionLatencyNearTimeout").path("expr").asText())
        .contains("airlock_admission_duration_seconds_bucket")
        .endsWith("> 8");
  }

  @Test
  void webhookUnavailableAlert_withoutServiceMonitor_doesNotFireOnAbsentSeries() {
    Map<String, String> values = new LinkedHashMap<>(ENABLED);
    values.put("monitoring.serviceMonitor.enabled", "false");

    String expr =
        alerts(Chart.render(values)).get("AirlockWebhookUnavailable").path("expr").asText();

    assertThat(expr)
        .isEqualTo("sum(up{job=\"airlock-webhook\", namespace=\"airlock-system\"}) == 0");
  }

  @Test
  void admissionLatencyAlert_followsTheWebhookTimeout() {
    Map<String, String> values = new LinkedHashMap<>(ENABLED);
    values.put("webhook.admission.timeoutSeconds", "20");
    assertThat(
            alerts(Chart.render(values))
                .get("AirlockAdmissionLatencyNearTimeout")
                .path("expr")
                .asText())
        .endsWith("> 16");
  }

  @Test
  void everyAlert_hasSeveritySummaryDescriptionAndRunbook() {
    for (Map.Entry<String, JsonNode> alert : alerts(Chart.render(ENABLED)).entrySet()) {
      JsonNode rule = alert.getValue();
      assertThat(rule.path("labels").path("severity").asText()).as(alert.getKey()).isNotEmpty();
      assertThat(rule.path("annotations").path("summary").asText()).as(alert.getKey()).isNotBlank();
      assertThat(rule.path("annotations").path("description").asText())
          .as(alert.getKey())
          .isNotBlank();
      assertThat(rule.path("annotations").path("runbook_url").asText())
          .as(alert.getKey())
          .startsWith("https://")
          .endsWith("#" + alert.getKey().toLowerCase());
    }
  }

  @Test
  void serviceMonitors_scrapeWebhookManagementPortAndTheExporter() {
    Rendered rendered = Chart.render(ENABLED);
    JsonNode webhook =
        rendered.one("ServiceMonitor", "airlock-webhook").path("spec").path("endpoints").get(0);
    assertThat(webhook.path("port").asText()).isEqualTo("http-metrics");
    assertThat(webhook.path("scheme").asText()).isEqualTo("http");
    assertThat(webhook.path("path").asText()).isEqualTo("/q/metrics");
    JsonNode service = rendered.one("Service", "airlock-webhook");
    assertThat(service.path("spec").path("ports").findValuesAsText("name"))
        .containsExactly("https", "http-metrics");
    JsonNode probe = rendered.one("ServiceMonitor", "airlock-probe").path("spec");
    assertThat(probe.path("endpoints").get(0).path("path").asText()).isEqualTo("/q/metrics");
    assertThat(probe.path("namespaceSelector").path("matchNames").get(0).asText())
        .isEqualTo("airlock-probe-host");
  }

  @Test
  void dashboard_labelledForTheGrafanaSidecar() {
    JsonNode configMap = Chart.render(ENABLED).one("ConfigMap", "airlock-dashboard");
    assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText())
        .isEqualTo("1");
  }
}
