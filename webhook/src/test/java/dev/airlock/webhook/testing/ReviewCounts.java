package dev.airlock.webhook.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.ServedApp;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code airlock_admission_reviews_total} series of a webhook's {@code /q/metrics} (Prometheus
 * text format), keyed {@code webhook/decision/reason}.
 */
public final class ReviewCounts {
  private static final Pattern SERIES =
      Pattern.compile(
          "^airlock_admission_reviews_total\\{([^}]*)\\}\\s+(\\S+)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ReviewCounts() {}

  public static Map<String, Double> scrape(ServedApp webhook) throws Exception {
    HttpResponse<String> r = webhook.get("/q/metrics");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<String, Double> counts = new TreeMap<>();
    Matcher series = SERIES.matcher(r.body());
    while (series.find()) {
      Map<String, String> labels = new HashMap<>();
      Matcher label = LABEL.matcher(series.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      counts.put(
          key(labels.get("webhook"), labels.get("decision"), labels.get("reason")),
          Double.parseDouble(series.group(2)));
    }
    return counts;
  }

  public static String key(String webhook, String decision, String reason) {
    return webhook + "/" + decision + "/" + reason;
  }

  /** The series that changed from {@code before} to {@code after}, with their increase. */
  public static Map<String, Double> increase(
      Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> changed = new TreeMap<>();
    after.forEach(
        (k, v) -> {
          double delta = v - before.getOrDefault(k, 0.0);
          if (delta != 0) {
            changed.put(k, delta);
          }
        });
    return changed;
  }
}
