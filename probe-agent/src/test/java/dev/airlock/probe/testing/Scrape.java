package dev.airlock.probe.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

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

  /** The value of the sample line that starts with {@code series} (name and labels, exact). */
  public static double value(List<String> lines, String series) {
    return lines.stream()
        .filter(line -> line.startsWith(series + " "))
        .map(line -> Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no sample " + series + " in\n" + String.join("\n", lines)));
  }
}
