package dev.airlock.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.testing.RegistryRequest;
import dev.airlock.oci.testing.ServedApp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission latency of the packaged webhook (issue 3): cold and warm {@code /mutate} latency of the
 * 8 KB three-container Pod review, sequential and concurrent, and how many registry requests 500
 * concurrent admissions of one new image cause. Prints figures; asserts nothing about time. Run by
 * {@code bench/admission-latency.sh}; every figure is measured at the client (TLS included) against
 * a real {@code docker-registry} on loopback.
 */
public final class AdmissionLatencyBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final SignedMirror mirror;
  private ServedApp webhook;

  /** Command-line settings; every one has a default. */
  record Settings(
      Path runner,
      HttpClient.Version http,
      int cold,
      int warmup,
      int sequential,
      int concurrent,
      int clients,
      int burst) {
    static Settings parse(String[] args) {
      Map<String, String> options = new TreeMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 == args.length) {
          throw new IllegalArgumentException("usage: --option value …; got " + args[i]);
        }
        options.put(args[i].substring(2), args[++i]);
      }
      String runner = options.remove("runner");
      String http = options.getOrDefault("http", "2");
      options.remove("http");
      if (!http.equals("2") && !http.equals("1.1")) {
        throw new IllegalArgumentException("--http must be 2 or 1.1, got " + http);
      }
      Settings s =
          new Settings(
              runner == null ? PackagedApp.runner(PackagedApp.WEBHOOK) : Path.of(runner),
              http.equals("2") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1,
              number(options, "cold", 20),
              number(options, "warmup", 200),
              number(options, "sequential", 500),
              number(options, "concurrent", 2000),
              number(options, "clients", 16),
              number(options, "burst", 500));
      if (!options.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + options.keySet());
      }
      return s;
    }

    private static int number(Map<String, String> options, String key, int fallback) {
      String value = options.remove(key);
      return value == null ? fallback : Integer.parseInt(value);
    }
  }

  private AdmissionLatencyBench(Settings settings, SignedMirror mirror) {
    this.settings = settings;
    this.mirror = mirror;
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    Path dir = Files.createTempDirectory("airlock-bench");
    try (SignedMirror mirror = SignedMirror.start(dir)) {
      new AdmissionLatencyBench(settings, mirror).run(dir);
    }
  }

  private void run(Path dir) throws Exception {
    System.out.printf(
        "airlock admission latency — runner %s%nregistry: docker-registry %s (TLS, loopback);"
            + " client: java.net.http %s over TLS; %d CPUs%n",
        settings.runner(),
        mirror.registry().authority(),
        settings.http() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1",
        Runtime.getRuntime().availableProcessors());
    mirror.pushSigned("payments/checkout", "2.14.3");
    mirror.pushFixedSigned("infra/envoy", "1.31");
    mirror.pushSigned("infra/fluent-bit", "3.1.9");
    byte[] review = Reviews.testdataPod();
    List<byte[]> coldReviews = coldReviews(review);

    long t0 = System.nanoTime();
    webhook =
        DeployedWebhook.start(
            settings.runner(),
            mirror.pki(),
            mirror.policyFile(),
            mirror.hostsDir(),
            dir.resolve("webhook"),
            Map.of(),
            settings.http());
    try {
      System.out.printf("start-up to ready: %.0f ms%n%n", millis(System.nanoTime() - t0));
      System.out.printf(
          "%-52s %8s %8s %8s %8s %10s%n",
          "POST /mutate, 8 KB 3-container Pod", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s");
      report("cold start: first request after start-up (n=1)", sequential(List.of(review), 1));
      report(
          "cold cache: new images each request (n=" + coldReviews.size() + ")",
          sequential(coldReviews, coldReviews.size()));
      sequential(List.of(review), settings.warmup());
      report(
          "warm, sequential (n=" + settings.sequential() + ")",
          sequential(List.of(review), settings.sequential()));
      report(
          "warm, " + settings.clients() + " concurrent clients (n=" + settings.concurrent() + ")",
          concurrent(review));
      System.out.println();
      burst();
    } finally {
      webhook.close();
    }
  }

  /** Per cold request: the review with fresh signed images (tags never seen) for all three. */
  private List<byte[]> coldReviews(byte[] review) {
    String text = new String(review, StandardCharsets.UTF_8);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < settings.cold(); i++) {
      String tag = "cold-" + i;
      mirror.pushSigned("payments/checkout", tag);
      mirror.pushSigned("infra/fluent-bit", tag);
      Digest envoy = mirror.pushSigned("infra/envoy", tag);
      out.add(
          text.replace("checkout:2.14.3", "checkout:" + tag)
              .replace("fluent-bit:3.1.9", "fluent-bit:" + tag)
              .replace(Reviews.TESTDATA_ENVOY_DIGEST, envoy.toString())
              .getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Latencies and wall time of a run. */
  private record Run(long[] nanos, long wallNanos) {}

  private Run sequential(List<byte[]> reviews, int count) throws Exception {
    long[] nanos = new long[count];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long t = System.nanoTime();
      expectAllowed(webhook.post("/mutate", reviews.get(i % reviews.size())));
      nanos[i] = System.nanoTime() - t;
    }
    return new Run(nanos, System.nanoTime() - start);
  }

  private Run concurrent(byte[] review) throws Exception {
    long[] nanos = new long[settings.concurrent()];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(settings.clients());
    long start = System.nanoTime();
    try {
      List<Future<Void>> clients = new ArrayList<>();
      for (int c = 0; c < settings.clients(); c++) {
        clients.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < nanos.length;
                      i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    expectAllowed(webhook.post("/mutate", review));
                    nanos[i] = System.nanoTime() - t;
                  }
                  return null;
                }));
      }
      for (Future<Void> client : clients) {
        client.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new Run(nanos, System.nanoTime() - start);
  }

  /** {@code burst} admissions of one image no cache has seen, all sent at once. */
  private void burst() throws Exception {
    Digest digest = mirror.pushSigned("payments/burst", "1.0");
    byte[] review = Reviews.pod(SignedMirror.UPSTREAM + "/payments/burst:1.0");
    mirror.registry().clearRequests();
    long start = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < settings.burst(); i++) {
      answers.add(webhook.postAsync("/mutate", review));
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      outcomes.merge(outcome(answer), 1, Integer::sum);
    }
    long wall = System.nanoTime() - start;
    List<RegistryRequest> requests = mirror.registry().requestsSoFar();
    System.out.printf(
        "%d concurrent admissions of one new image (%s) → %d registry requests"
            + " (%.0f ms for all answers; outcomes %s)%n",
        settings.burst(), digest, requests.size(), millis(wall), outcomes);
    Map<String, Integer> byKind = new TreeMap<>();
    for (RegistryRequest r : requests) {
      byKind.merge(r.method() + " " + kind(r.path()) + " " + r.status(), 1, Integer::sum);
    }
    byKind.forEach((k, n) -> System.out.printf("  %4d × %s%n", n, k));
  }

  private static String outcome(CompletableFuture<HttpResponse<String>> answer) {
    try {
      HttpResponse<String> response = answer.join();
      if (response.statusCode() != 200) {
        return "http " + response.statusCode();
      }
      JsonNode r = JSON.readTree(response.body()).path("response");
      return r.path("allowed").asBoolean()
          ? "allowed"
          : "denied: " + r.at("/status/message").asText();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return "failed: " + cause.getClass().getSimpleName() + " " + cause.getMessage();
    } catch (IOException e) {
      return "unreadable answer: " + e.getMessage();
    }
  }

  /** {@code manifests/<tag>}, {@code manifests/<digest>}, {@code blobs/<digest>}… of a path. */
  private static String kind(String path) {
    String[] parts = path.split("/");
    int n = parts.length;
    if (n >= 2 && (parts[n - 2].equals("manifests") || parts[n - 2].equals("blobs"))) {
      String ref = parts[n - 1];
      String what =
          ref.startsWith("sha256:")
              ? "<digest>"
              : ref.endsWith(".sig")
                  ? "<sig tag>"
                  : ref.startsWith("sha256-") ? "<referrers tag>" : ref;
      return path.substring(0, path.lastIndexOf('/')) + "/" + what;
    }
    return path;
  }

  private static void expectAllowed(HttpResponse<String> answer) throws Exception {
    JsonNode response = JSON.readTree(answer.body()).path("response");
    if (answer.statusCode() != 200 || !response.path("allowed").asBoolean()) {
      throw new IllegalStateException(
          "the bench needs allowed admissions, got " + answer.statusCode() + " " + answer.body());
    }
  }

  private static void report(String label, Run run) {
    long[] sorted = run.nanos().clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%-52s %8.1f %8.1f %8.1f %8.1f %10.1f%n",
        label,
        millis(rank(sorted, 50)),
        millis(rank(sorted, 95)),
        millis(rank(sorted, 99)),
        millis(sorted[sorted.length - 1]),
        sorted.length / (run.wallNanos() / 1e9));
  }

  /** Nearest-rank percentile. */
  private static long rank(long[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
