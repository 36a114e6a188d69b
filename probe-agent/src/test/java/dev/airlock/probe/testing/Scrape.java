package dev.airlock.probe.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scrapes {@code /q/metrics} as Prometheus does ({@code Accept: text/plain}). */
public final class Scrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Scrape() {}

  /** The exposition lines, or empty while the server does not answer 200. */
  public static Optional<List<String>> metrics(int port) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
            .header("Accept", "text/plain")
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (!type.startsWith("text/plain")) {
        throw new AssertionError("/q/metrics answered Content-Type " + type);
      }
      return Optional.of(response.body().lines().toList());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Polls until the scrape satisfies {@code ready} (fails the test after {@code seconds}). */
  public static List<String> until(int port, long seconds, Predicate<List<String>> ready)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<String> last = List.of();
    while (System.nanoTime() < end) {
      Optional<List<String>> lines = metrics(port);
      if (lines.isPresent()) {
        last = lines.get();
        if (ready.test(last)) {
          return last;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "metrics never became ready; last scrape:\n" + String.join("\n", last));
  }

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\S+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The value of the sample {@code name} whose labels are exactly {@code labels}. */
  public static double value(List<String> lines, String name, Map<String, String> labels) {
    for (String line : lines) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
        continue;
      }
      Map<String, String> found = new HashMap<>();
      Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
      while (label.find()) {
        found.put(label.group(1), label.group(2));
      }
      if (found.equals(labels)) {
        return Double.parseDouble(sample.group(3));
      }
    }
    throw new AssertionError("no sample " + name + labels + " in\n" + String.join("\n", lines));
  }

  /** True when some sample is named {@code name}. */
  public static boolean has(List<String> lines, String name) {
    return lines.stream()
        .map(SAMPLE::matcher)
        .anyMatch(m -> m.matches() && m.group(1).equals(name));
  }
}
