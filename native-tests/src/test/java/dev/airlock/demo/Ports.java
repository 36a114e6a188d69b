package dev.airlock.demo;

import dev.airlock.oci.testing.AppProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Polling, shared by the demo's processes. */
final class Ports {
  private Ports() {}

  /**
   * Polls {@code GET uri} until it answers 200 and {@code ready} accepts the body, while {@code
   * app} runs; fails after {@code limit} with the app's output.
   */
  static String await(
      HttpClient http,
      URI uri,
      java.util.function.Predicate<String> ready,
      AppProcess app,
      Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    String last = "no answer";
    while (System.nanoTime() < end) {
      if (!app.alive()) {
        throw new DemoFailure("exited before " + uri + " was ready; " + app.describe());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && ready.test(r.body())) {
          return r.body();
        }
        last = "HTTP " + r.statusCode();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new DemoFailure(
        uri + " not ready within " + limit + " (last: " + last + "); " + app.describe());
  }
}
