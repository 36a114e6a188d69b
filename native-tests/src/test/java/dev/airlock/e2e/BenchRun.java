package dev.airlock.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.testing.RegistryRequest;
import dev.airlock.oci.testing.ServedApp;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one bench command ({@code bench/run.sh}, issue 14): every figure beside a floor measured in
 * the same run on the same cores, and the ratio. Warm path: the packaged webhook against the bare
 * Quarkus endpoint of {@code bench/floor-app} (same Quarkus, TLS settings and certificate), loaded
 * by {@code h2load} (HTTP/2, one connection, 16 and 64 streams; paced) and {@code wrk} (HTTP/1.1
 * keep-alive, 16 and 64 connections), with the load generator's CPU printed beside the server's.
 * Cold path: admissions of images no cache has seen, against the same registry requests made by a
 * minimal client over one kept-alive TLS connection. Also registry requests per new image, the
 * coalescing of concurrent admissions of one new image, time to ready and RSS after load, with the
 * JVM options the chart sets. Prints figures; asserts nothing about time.
 */
public final class BenchRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
  private static final String MUTATE = "/mutate?timeout=10s";

  /** Command-line settings; every one has a default. */
  record Settings(
      Path runner,
      Path floor,
      String jvmOptions,
      String webhookJvmExtra,
      String only,
      int seconds,
      int cold,
      int burst,
      int rate,
      int startups) {
    static Settings parse(String[] args) {
      Map<String, String> options = new TreeMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 == args.length) {
          throw new IllegalArgumentException("usage: --option value …; got " + args[i]);
        }
        options.put(args[i].substring(2), args[++i]);
      }
      String runner = options.remove("runner");
      String floor = options.remove("floor");
      String jvm = options.remove("jvm-options");
      String extra = options.remove("webhook-jvm-extra");
      String only = options.getOrDefault("only", "all");
      options.remove("only");
      if (!List.of("all", "warm", "cold").contains(only)) {
        throw new IllegalArgumentException("--only must be all, warm or cold, got " + only);
      }
      Settings s =
          new Settings(
              runner == null ? PackagedApp.runner(PackagedApp.WEBHOOK) : Path.of(runner),
              Path.of(floor == null ? "bench/floor-app/target/quarkus-app/quarkus-run.jar" : floor),
              jvm == null ? "" : jvm,
              extra == null ? "" : extra,
              only,
              number(options, "seconds", 10),
              number(options, "cold", 40),
              number(options, "burst", 200),
              number(options, "rate", 1000),
              number(options, "startups", 3));
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

  /** One line of the result table. */
  record Figure(String what, String airlock, String floor, String ratio, String target) {}

  private final Settings settings;
  private final SignedMirror mirror;
  private final Path dir;
  private final TestPki.Issued serving;
  private final List<Figure> figures = new ArrayList<>();
  private final Path body;

  private BenchRun(Settings settings, SignedMirror mirror, Path dir) throws IOException {
    this.settings = settings;
    this.mirror = mirror;
    this.dir = dir;
    this.serving = mirror.pki().serverCert("webhook");
    this.body = dir.resolve("review.json");
    Files.write(body, Reviews.testdataPod());
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    Path dir = Files.createTempDirectory("airlock-bench");
    try (SignedMirror mirror = SignedMirror.start(dir)) {
      new BenchRun(settings, mirror, dir).run();
    }
  }

  private void run() throws Exception {
    System.out.printf(
        "bench/run.sh on %d CPUs, %s; JVM options (the chart's webhook.jvmOptions): %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        settings.jvmOptions().isEmpty() ? "(none)" : settings.jvmOptions());
    mirror.pushSigned("payments/checkout", "2.14.3");
    mirror.pushFixedSigned("infra/envoy", "1.31");
    mirror.pushSigned("infra/fluent-bit", "3.1.9");

    if (!settings.only().equals("cold")) {
      startups();
    }
    try (ServedApp floor = startFloor();
        ServedApp webhook = startWebhook(settings.webhookJvmExtra())) {
      if (!settings.only().equals("cold")) {
        warm(floor, webhook);
        figures.add(
            new Figure(
                "RSS after load (MiB)",
                format(rssMib(webhook.pid())),
                format(rssMib(floor.pid())),
                ratio(rssMib(webhook.pid()), rssMib(floor.pid())),
                "airlock ≤ 300 MiB"));
      }
      if (!settings.only().equals("warm")) {
        cold(webhook);
        coalescing(webhook);
      }
      figures.add(
          new Figure(
              "RSS after all load (MiB)",
              format(rssMib(webhook.pid())),
              "",
              "",
              "airlock ≤ 300 MiB"));
    }
    print();
  }

  // --- processes -------------------------------------------------------------------------------

  private Map<String, String> jvmEnv(String extra) {
    String options = (settings.jvmOptions() + " " + extra).trim();
    return options.isEmpty() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", options);
  }

  private ServedApp startFloor() throws IOException, InterruptedException {
    return ServedApp.of("floor", settings.floor())
        .env(jvmEnv(""))
        .serving(serving.certFile(), serving.keyFile())
        .client(mirror.pki().clientContext(), HttpClient.Version.HTTP_2)
        .workDir(dir.resolve("floor"))
        .start()
        .awaitReady();
  }

  private ServedApp startWebhook(String jvmExtra) throws IOException, InterruptedException {
    return DeployedWebhook.start(
        settings.runner(),
        serving,
        mirror.pki(),
        mirror.policyFile(),
        mirror.hostsDir(),
        dir.resolve("webhook"),
        jvmEnv(jvmExtra),
        HttpClient.Version.HTTP_2);
  }

  /** Start to ready, alternately, {@code startups} times each; the median of each. */
  private void startups() throws Exception {
    long[] floor = new long[settings.startups()];
    long[] webhook = new long[settings.startups()];
    for (int i = 0; i < settings.startups(); i++) {
      long t = System.nanoTime();
      startFloor().close();
      floor[i] = System.nanoTime() - t;
      t = System.nanoTime();
      startWebhook("").close();
      webhook[i] = System.nanoTime() - t;
    }
    double f = millis(median(floor));
    double w = millis(median(webhook));
    figures.add(
        new Figure(
            "start to ready (ms, median of " + settings.startups() + ")",
            format(w),
            format(f),
            ratio(w, f),
            "≤ 1.2×"));
  }

  // --- warm path -------------------------------------------------------------------------------

  /** A load run: throughput, latency percentiles (ms), CPU of load generator and server. */
  record Load(
      double rps,
      double p50,
      double p99,
      double p999,
      double clientCpu,
      double serverCpu,
      long bad) {
    String cpu() {
      return String.format(
          Locale.ROOT, "gen %.0f%% / srv %.0f%%", clientCpu * 100, serverCpu * 100);
    }
  }

  private void warm(ServedApp floor, ServedApp webhook) throws Exception {
    // JIT warm-up of both, unmeasured
    h2load(floor, 16, 0, Math.max(3, settings.seconds() / 2));
    h2load(webhook, 16, 0, Math.max(3, settings.seconds() / 2));
    for (int streams : new int[] {16, 64}) {
      Load w = h2load(webhook, streams, 0, settings.seconds());
      Load f = h2load(floor, streams, 0, settings.seconds());
      saturation("HTTP/2 1 conn × " + streams + " streams", w, f, 0.9);
    }
    for (int connections : new int[] {16, 64}) {
      Load w = wrk(webhook, connections);
      Load f = wrk(floor, connections);
      saturation("HTTP/1.1 " + connections + " conns", w, f, 0.8);
    }
    Load w = h2load(webhook, 16, settings.rate(), settings.seconds());
    Load f = h2load(floor, 16, settings.rate(), settings.seconds());
    figures.add(
        new Figure(
            "paced " + settings.rate() + "/s HTTP/2: p99 ms (p50, req/s)",
            String.format(Locale.ROOT, "%.2f (%.2f, %.0f)", w.p99(), w.p50(), w.rps()),
            String.format(Locale.ROOT, "%.2f (%.2f, %.0f)", f.p99(), f.p50(), f.rps()),
            ratio(w.p99(), f.p99()),
            "≤ 1.5×"));
  }

  private void saturation(String label, Load w, Load f, double target) {
    figures.add(
        new Figure(
            label + ": req/s",
            format(w.rps()) + bad(w),
            format(f.rps()) + bad(f),
            ratio(w.rps(), f.rps()),
            "≥ " + target + "×"));
    figures.add(
        new Figure(
            label + ": p50 / p99 / p99.9 ms",
            String.format(Locale.ROOT, "%.2f / %.2f / %.2f", w.p50(), w.p99(), w.p999()),
            String.format(Locale.ROOT, "%.2f / %.2f / %.2f", f.p50(), f.p99(), f.p999()),
            ratio(w.p99(), f.p99()),
            ""));
    figures.add(new Figure(label + ": CPU (2 cores = 200%)", w.cpu(), f.cpu(), "", ""));
  }

  private static String bad(Load load) {
    return load.bad() == 0 ? "" : " (" + load.bad() + " not 200)";
  }

  private Load h2load(ServedApp app, int streams, int rate, int seconds) throws Exception {
    Path log = Files.createTempFile(dir, "h2load-", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                "h2load",
                "-c",
                "1",
                "-m",
                Integer.toString(streams),
                "-D",
                Integer.toString(seconds),
                "-d",
                body.toString(),
                "-H",
                "content-type: application/json",
                "--log-file",
                log.toString()));
    if (rate > 0) {
      command.add("--rps");
      command.add(Integer.toString(rate));
    }
    command.add(app.baseUrl() + MUTATE);
    Measured m = measure(app, command);
    if (!m.output().contains("succeeded")) {
      throw new IllegalStateException("h2load failed:\n" + m.output());
    }
    List<Long> micros = new ArrayList<>();
    long bad = 0;
    for (String line : Files.readAllLines(log)) {
      String[] cols = line.split("\t");
      if (cols.length < 3) {
        continue;
      }
      if (!cols[1].equals("200")) {
        bad++;
      }
      micros.add(Long.parseLong(cols[2].trim()));
    }
    Files.delete(log);
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalStateException("h2load logged no request:\n" + m.output());
    }
    return new Load(
        sorted.length / m.wallSeconds(),
        rank(sorted, 50) / 1e3,
        rank(sorted, 99) / 1e3,
        rank(sorted, 99.9) / 1e3,
        m.clientCpu(),
        m.serverCpu(),
        bad);
  }

  private static final Pattern WRK_RESULT =
      Pattern.compile(
          "BENCH requests=(\\d+) micros=(\\d+) p50=(\\d+) p99=(\\d+) p999=(\\d+) bad=(\\d+)");

  private Load wrk(ServedApp app, int connections) throws Exception {
    Path script = dir.resolve("post.lua");
    if (!Files.exists(script)) {
      Files.writeString(
          script,
          """
          wrk.method = "POST"
          wrk.headers["Content-Type"] = "application/json"
          local f = assert(io.open("%s", "rb"))
          wrk.body = f:read("*a")
          f:close()
          done = function(summary, latency, requests)
            local e = summary.errors
            io.write(string.format("BENCH requests=%%d micros=%%d p50=%%d p99=%%d p999=%%d bad=%%d\\n",
              summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
              latency:percentile(99.9), e.connect + e.read + e.write + e.status + e.timeout))
          end
          """
              .formatted(body));
    }
    Measured m =
        measure(
            app,
            List.of(
                "wrk",
                "-t",
                "2",
                "-c",
                Integer.toString(connections),
                "-d",
                settings.seconds() + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                app.baseUrl() + MUTATE));
    Matcher r = WRK_RESULT.matcher(m.output());
    if (!r.find()) {
      throw new IllegalStateException("wrk printed no result:\n" + m.output());
    }
    double seconds = Long.parseLong(r.group(2)) / 1e6;
    return new Load(
        Long.parseLong(r.group(1)) / seconds,
        Long.parseLong(r.group(3)) / 1e3,
        Long.parseLong(r.group(4)) / 1e3,
        Long.parseLong(r.group(5)) / 1e3,
        m.clientCpu(),
        m.serverCpu(),
        Long.parseLong(r.group(6)));
  }

  /** A load generator's output, wall time and CPU (fraction of one core) beside the server's. */
  record Measured(String output, double wallSeconds, double clientCpu, double serverCpu) {}

  private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");

  /**
   * Runs {@code command} under {@code bash -c '…; times'}: bash's {@code times} prints the CPU of
   * the children it waited for, so the load generator's CPU is read without a second tool.
   */
  private static Measured measure(ServedApp app, List<String> command) throws Exception {
    StringBuilder line = new StringBuilder();
    for (String part : command) {
      line.append('\'').append(part.replace("'", "'\\''")).append("' ");
    }
    line.append("2>&1; times");
    long server0 = cpuTicks(app.pid());
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("bash", "-c", line.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    double server = (cpuTicks(app.pid()) - server0) / (double) CLOCK_TICKS;
    List<double[]> times = new ArrayList<>();
    Matcher m = TIMES.matcher(out);
    while (m.find()) {
      times.add(
          new double[] {
            Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2)),
            Long.parseLong(m.group(3)) * 60 + Double.parseDouble(m.group(4))
          });
    }
    if (times.size() < 2) {
      throw new IllegalStateException("no CPU times from bash for " + command + ":\n" + out);
    }
    double[] children = times.get(times.size() - 1);
    return new Measured(out, wall, (children[0] + children[1]) / wall, server / wall);
  }

  // --- cold path -------------------------------------------------------------------------------

  /**
   * Cold admissions of 1-image and 5-image Pods whose images no cache has seen, interleaved with
   * the floor: a minimal client making the same registry requests for another never-seen image over
   * one kept-alive TLS connection ({@code HEAD} the manifest by tag, {@code GET} the {@code .sig}
   * manifest by tag, {@code GET} its layer).
   */
  private void cold(ServedApp webhook) throws Exception {
    int n = settings.cold();
    List<String> one = new ArrayList<>();
    List<String> floorImages = new ArrayList<>();
    List<List<String>> five = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      one.add(pushed("cold/one-" + i));
      floorImages.add("cold/floor-" + i);
      mirror.pushSigned("cold/floor-" + i, "1.0");
      List<String> pod = new ArrayList<>();
      for (int c = 0; c < 5; c++) {
        pod.add(pushed("cold/five-" + i + "-" + c));
      }
      five.add(pod);
    }
    HttpClient registry =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(mirror.pki().clientContext())
            .build();
    floorImage(registry, "cold/warmup"); // the connection and the JIT, unmeasured
    long[] webhookOne = new long[n];
    long[] floorOne = new long[n];
    long[] webhookFive = new long[n];
    long registryPid = mirror.registry().pid();
    long oneCpu = 0;
    long fiveCpu = 0;
    Map<String, Integer> requestsPerImage = new TreeMap<>();
    List<String> firstImageRequests = List.of();
    for (int i = 0; i < n; i++) {
      mirror.registry().clearRequests();
      long cpu = cpuTicks(registryPid);
      webhookOne[i] = admit(webhook, Reviews.pod(one.get(i)));
      oneCpu += cpuTicks(registryPid) - cpu;
      List<RegistryRequest> requests = mirror.registry().requestsSoFar();
      requestsPerImage.merge(Integer.toString(requests.size()), 1, Integer::sum);
      if (i == 0) {
        firstImageRequests = requests.stream().map(r -> r.method() + " " + kind(r.path())).toList();
      }
      floorOne[i] = floorImage(registry, floorImages.get(i));
      cpu = cpuTicks(registryPid);
      webhookFive[i] = admit(webhook, Reviews.pod(five.get(i).toArray(String[]::new)));
      fiveCpu += cpuTicks(registryPid) - cpu;
    }
    Arrays.sort(webhookOne);
    Arrays.sort(floorOne);
    Arrays.sort(webhookFive);
    figures.add(
        new Figure(
            "cold 1 new image: p50 / p99 ms (n=" + n + ")",
            String.format(
                Locale.ROOT,
                "%.1f / %.1f",
                millis(rank(webhookOne, 50)),
                millis(rank(webhookOne, 99))),
            String.format(
                Locale.ROOT, "%.1f / %.1f", millis(rank(floorOne, 50)), millis(rank(floorOne, 99))),
            ratio(rank(webhookOne, 50), rank(floorOne, 50)),
            "≤ 1.3× (p50)"));
    figures.add(
        new Figure(
            "cold 5 new images: p50 / p99 ms (n=" + n + ")",
            String.format(
                Locale.ROOT,
                "%.1f / %.1f",
                millis(rank(webhookFive, 50)),
                millis(rank(webhookFive, 99))),
            "1 image: " + format(millis(rank(webhookOne, 50))),
            ratio(rank(webhookFive, 50), rank(webhookOne, 50)),
            "≤ 1.5× of 1 image"));
    figures.add(
        new Figure(
            "registry CPU per admission, 1 / 5 new images (ms)",
            String.format(
                Locale.ROOT,
                "%.1f / %.1f",
                oneCpu * 1000.0 / CLOCK_TICKS / n,
                fiveCpu * 1000.0 / CLOCK_TICKS / n),
            "",
            "",
            "5 images on 2 cores ≥ 5 × 1-image registry CPU / 2"));
    figures.add(
        new Figure(
            "registry requests per new .sig-signed image",
            requestsPerImage
                    .toString()
                    .replace("=", " requests: ")
                    .replace("{", "")
                    .replace("}", "")
                + " images",
            "3",
            "",
            "≤ 3"));
    System.out.println("registry requests of the first cold admission: " + firstImageRequests);
    Files.writeString(dir.resolve("registry.log"), mirror.registry().output());
    Files.writeString(dir.resolve("metrics-after-cold.txt"), webhook.get("/q/metrics").body());
  }

  /** Pushes a signed image at {@code path:1.0}; returns the name a Pod spec writes. */
  private String pushed(String path) {
    mirror.pushSigned(path, "1.0");
    return SignedMirror.UPSTREAM + "/" + path + ":1.0";
  }

  /** The three registry requests a verifier of a new legacy-signed image needs, timed. */
  private long floorImage(HttpClient registry, String path) throws Exception {
    if (path.equals("cold/warmup")) {
      mirror.pushSigned(path, "1.0");
    }
    String base = mirror.registry().origin() + "/v2/" + SignedMirror.PREFIX + "/" + path;
    long t = System.nanoTime();
    HttpResponse<Void> head =
        registry.send(
            HttpRequest.newBuilder(URI.create(base + "/manifests/1.0"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", MediaTypes.MANIFEST_ACCEPT)
                .build(),
            HttpResponse.BodyHandlers.discarding());
    Digest digest = Digest.parse(head.headers().firstValue("Docker-Content-Digest").orElseThrow());
    HttpResponse<byte[]> sig =
        registry.send(
            HttpRequest.newBuilder(URI.create(base + "/manifests/sha256-" + digest.hex() + ".sig"))
                .header("Accept", MediaTypes.MANIFEST_ACCEPT)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    String layer = JSON.readTree(sig.body()).path("layers").path(0).path("digest").asText();
    HttpResponse<byte[]> blob =
        registry.send(
            HttpRequest.newBuilder(URI.create(base + "/blobs/" + layer)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    long elapsed = System.nanoTime() - t;
    if (head.statusCode() != 200 || sig.statusCode() != 200 || blob.statusCode() != 200) {
      throw new IllegalStateException(
          "floor requests for "
              + path
              + " answered "
              + head.statusCode()
              + ", "
              + sig.statusCode()
              + ", "
              + blob.statusCode());
    }
    return elapsed;
  }

  private static long admit(ServedApp webhook, byte[] review) throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> answer = webhook.post(MUTATE, review);
    long elapsed = System.nanoTime() - t;
    expectAllowed(answer);
    return elapsed;
  }

  /** {@code burst} admissions of one image no cache has seen, all sent at once. */
  private void coalescing(ServedApp webhook) throws Exception {
    mirror.pushSigned("payments/burst", "1.0");
    byte[] review = Reviews.pod(SignedMirror.UPSTREAM + "/payments/burst:1.0");
    mirror.registry().clearRequests();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < settings.burst(); i++) {
      answers.add(webhook.postAsync(MUTATE, review));
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> r = answer.join();
      JsonNode response = JSON.readTree(r.body()).path("response");
      outcomes.merge(
          r.statusCode() == 200 && response.path("allowed").asBoolean()
              ? "allowed"
              : r.statusCode() + " " + response.at("/status/message").asText(),
          1,
          Integer::sum);
    }
    List<RegistryRequest> requests = mirror.registry().requestsSoFar();
    Map<String, Integer> byKind = new LinkedHashMap<>();
    for (RegistryRequest r : requests) {
      byKind.merge(r.method() + " " + kind(r.path()), 1, Integer::sum);
    }
    figures.add(
        new Figure(
            settings.burst() + " concurrent admissions of 1 new image: registry requests",
            Integer.toString(requests.size()),
            "3",
            "",
            "≤ 3; outcomes " + outcomes));
    System.out.println("registry requests of the concurrent admissions: " + byKind);
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
                  : ref.startsWith("sha256-") ? "<referrers tag>" : "<tag>";
      return parts[n - 2] + "/" + what;
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

  // --- readings and printing ------------------------------------------------------------------

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
  }

  private static double rssMib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }

  private void print() {
    System.out.println();
    String head = "| figure | airlock | floor | ratio | target |";
    System.out.println(head);
    System.out.println("|---|---|---|---|---|");
    for (Figure f : figures) {
      System.out.printf(
          "| %s | %s | %s | %s | %s |%n", f.what(), f.airlock(), f.floor(), f.ratio(), f.target());
    }
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f×", a / b);
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Nearest-rank percentile. */
  private static long rank(long[] sorted, double percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
