package dev.airlock.demo;

import java.util.List;
import java.util.Optional;

/** Reading a Prometheus text exposition: the sample lines of a metric, and one sample's value. */
final class Metrics {
  private Metrics() {}

  /**
   * The sample lines of {@code name} (exact name, any labels) that contain every {@code labels}.
   */
  static List<String> lines(String exposition, String name, String... labels) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> List.of(labels).stream().allMatch(l::contains))
        .toList();
  }

  /** The value of the one sample of {@code name} with {@code labels} ({@code key="value"} each). */
  static Optional<Double> value(String exposition, String name, String... labels) {
    List<String> found = lines(exposition, name, labels);
    if (found.size() != 1) {
      return Optional.empty();
    }
    String line = found.get(0);
    return Optional.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
  }

  static String label(String key, String value) {
    return key + "=\"" + value + "\"";
  }
}
