package dev.airlock.charts;

import dev.airlock.probe.metrics.ProbeMetricNames;
import dev.airlock.webhook.metrics.WebhookMetricNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus series names airlock exports: {@link WebhookMetricNames#PROMETHEUS_NAMES} and
 * {@link ProbeMetricNames#PROMETHEUS_NAMES} (histograms by base name). Which names are histograms
 * (and so also appear as {@code _bucket}, {@code _count}, {@code _sum}) comes from design.md's
 * metric table, transcribed in the test resource design-metric-names.txt.
 */
final class ExportedMetricNames {
  /** Series Prometheus itself attaches to every scrape target. */
  static final Set<String> PROMETHEUS_SYNTHETIC = Set.of("up");

  private ExportedMetricNames() {}

  /** Every exported series name, with _bucket/_count/_sum for histograms. */
  static Set<String> seriesNames() {
    Set<String> histograms = designHistograms();
    Set<String> names = new TreeSet<>();
    Set<String> exported = new TreeSet<>(WebhookMetricNames.PROMETHEUS_NAMES);
    exported.addAll(ProbeMetricNames.PROMETHEUS_NAMES);
    for (String name : exported) {
      names.add(name);
      if (histograms.contains(name)) {
        names.add(name + "_bucket");
        names.add(name + "_count");
        names.add(name + "_sum");
      }
    }
    return names;
  }

  /** The names design.md's metric table types as histogram. */
  static Set<String> designHistograms() {
    Set<String> names = new TreeSet<>();
    try (InputStream in =
            ExportedMetricNames.class.getResourceAsStream("/design-metric-names.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+");
        if (parts[1].equals("histogram")) {
          names.add(parts[0]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
