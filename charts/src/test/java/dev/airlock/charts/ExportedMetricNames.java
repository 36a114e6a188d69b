package dev.airlock.charts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus series names airlock exports. Source: design.md's metric table (test resource
 * design-metric-names.txt) until the code's own name lists are on main.
 */
final class ExportedMetricNames {
  /** Series Prometheus itself attaches to every scrape target. */
  static final Set<String> PROMETHEUS_SYNTHETIC = Set.of("up");

  private ExportedMetricNames() {}

  /** Every series name, with _bucket/_count/_sum for histograms. */
  static Set<String> seriesNames() {
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
        String name = parts[0];
        if (parts[1].equals("histogram")) {
          names.add(name + "_bucket");
          names.add(name + "_count");
          names.add(name + "_sum");
        } else {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
