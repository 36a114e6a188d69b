package dev.airlock.oci.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads the JSON log ({@code log.formatter: json}) of a docker-registry process: keeps every line
 * for failure messages, notices {@code listening on}, and records each request. distribution 2.8
 * logs an answered request as {@code response completed[ with error]} (with {@code
 * http.response.status}) and a request refused by auth only as {@code error authorizing context: …}
 * (answered 401).
 */
final class RegistryLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<RegistryRequest> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch listening = new CountDownLatch(1);

  /** Reads {@code stream} on a daemon thread until it ends. */
  void attach(InputStream stream, String threadName) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                  record(line);
                }
              } catch (IOException e) {
                lines.add("[" + threadName + " closed: " + e + "]");
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private void record(String line) {
    if (!line.startsWith("{")) {
      return;
    }
    try {
      JsonNode entry = JSON.readTree(line);
      String msg = entry.path("msg").asText();
      if (msg.startsWith("listening on")) {
        listening.countDown();
      }
      int status =
          entry.has("http.response.status")
              ? entry.path("http.response.status").asInt()
              : msg.startsWith("error authorizing context") ? 401 : 0;
      if (entry.has("http.request.method") && status != 0) {
        requests.add(
            RegistryRequest.of(
                entry.path("http.request.method").asText(),
                entry.path("http.request.uri").asText(),
                entry.path("http.request.host").asText(),
                status));
      }
    } catch (IOException e) {
      lines.add("[unparsable log line: " + e.getMessage() + "]");
    }
  }

  boolean awaitListening(long millis) throws InterruptedException {
    return listening.await(millis, TimeUnit.MILLISECONDS);
  }

  /** The requests recorded so far (live list). */
  List<RegistryRequest> requests() {
    return requests;
  }

  void clearRequests() {
    requests.clear();
  }

  String text() {
    return String.join("\n", lines);
  }
}
