package dev.airlock.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.testing.ServedApp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Soak of the packaged webhook (issue 12): {@code --admissions} (default 100,000) admissions at
 * {@code --concurrency} (default 64) in flight over HTTP/2, mixed warm (cached signed images,
 * {@code /mutate} and pinned {@code /validate}), cold (a signed tag never seen before), and images
 * that must be denied (unsigned, signed by a stranger, unmirrored), while the registry is restarted
 * twice (at one and two thirds). Every answer is classified against what the mirror holds: an allow
 * must carry the digest that was signed; an allow of anything else is an <b>unverified allow</b>.
 * Prints the tally, 5xx and transport failures, latency, the webhook's RSS over time and both
 * processes' CPU. A bench: it prints figures and exits 1 on an unverified allow or a 5xx, never on
 * time.
 */
public final class SoakBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private record Case(String kind, String webhook, byte[] review, Optional<String> pinnedTo) {}

  private final Map<String, LongAdder> tally = new ConcurrentHashMap<>();
  private final LongAdder unverifiedAllows = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final List<String> firstProblems =
      java.util.Collections.synchronizedList(new ArrayList<>());

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path runner =
        options.containsKey("runner")
            ? Path.of(options.remove("runner"))
            : PackagedApp.runner(PackagedApp.WEBHOOK);
    int admissions = Integer.parseInt(options.getOrDefault("admissions", "100000"));
    int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "64"));
    int cold = Integer.parseInt(options.getOrDefault("cold", "600"));
    Path dir = Files.createTempDirectory("airlock-soak");
    try (SignedMirror mirror = SignedMirror.start(dir)) {
      int status = new SoakBench().run(runner, mirror, dir, admissions, concurrency, cold);
      System.exit(status);
    }
  }

  private int run(
      Path runner, SignedMirror mirror, Path dir, int admissions, int concurrency, int cold)
      throws Exception {
    String up = SignedMirror.UPSTREAM;
    List<Case> warm = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String image = up + "/soak/warm" + i + ":1.0";
      Digest d = mirror.pushSigned("soak/warm" + i, "1.0");
      warm.add(
          new Case("warm mutate", "/mutate", Reviews.pod(image), Optional.of(image + "@" + d)));
      warm.add(
          new Case("warm validate", "/validate", Reviews.pod(image + "@" + d), Optional.empty()));
    }
    List<Case> denied = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      mirror.pushUnsigned("soak/unsigned" + i, "1.0");
      denied.add(
          new Case(
              "unsigned",
              "/mutate",
              Reviews.pod(up + "/soak/unsigned" + i + ":1.0"),
              Optional.empty()));
      Digest s = mirror.pushSignedByStranger("soak/stranger" + i, "1.0");
      denied.add(
          new Case(
              "stranger",
              "/validate",
              Reviews.pod(up + "/soak/stranger" + i + ":1.0@" + s),
              Optional.empty()));
      denied.add(
          new Case(
              "unmirrored",
              "/mutate",
              Reviews.pod("ghcr.io/soak/app" + i + ":1.0"),
              Optional.empty()));
    }
    List<Case> coldCases = new ArrayList<>();
    long pushStart = System.nanoTime();
    for (int i = 0; i < cold; i++) {
      String image = up + "/soak/cold:" + i;
      Digest d = mirror.pushSigned("soak/cold", Integer.toString(i));
      coldCases.add(
          new Case("cold mutate", "/mutate", Reviews.pod(image), Optional.of(image + "@" + d)));
    }
    System.out.printf(
        "airlock soak — runner %s; registry docker-registry %s (TLS); %d CPUs%n"
            + "pushed %d warm, %d cold signed images and %d to deny in %.1f s%n",
        runner,
        mirror.registry().authority(),
        Runtime.getRuntime().availableProcessors(),
        warm.size() / 2,
        cold,
        denied.size(),
        (System.nanoTime() - pushStart) / 1e9);

    try (ServedApp webhook =
        DeployedWebhook.start(
            runner,
            mirror.pki(),
            mirror.policyFile(),
            mirror.hostsDir(),
            dir.resolve("webhook"),
            Map.of(),
            HttpClient.Version.HTTP_2)) {
      long pid = webhook.pid();
      Semaphore inFlight = new Semaphore(concurrency);
      long[] latencies = new long[admissions];
      AtomicLong coldNext = new AtomicLong();
      List<long[]> rss = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread sampler = sampler(pid, rss);
      long serverCpu0 = cpuTicks(pid);
      long clientCpu0 = cpuTicks(ProcessHandle.current().pid());
      long start = System.nanoTime();
      List<Long> restarts = java.util.Collections.synchronizedList(new ArrayList<>());
      List<java.util.concurrent.CompletableFuture<Void>> restarting = new ArrayList<>();
      for (int i = 0; i < admissions; i++) {
        if (i == admissions / 3 || i == 2 * admissions / 3) {
          // under load: admissions go on while the registry is down and coming back
          restarting.add(
              java.util.concurrent.CompletableFuture.runAsync(
                  () -> {
                    long t = System.nanoTime();
                    mirror.registry().restart();
                    restarts.add((System.nanoTime() - t) / 1_000_000);
                  }));
        }
        Case c = pick(i, warm, denied, coldCases, coldNext);
        inFlight.acquire();
        int index = i;
        long sent = System.nanoTime();
        webhook
            .postAsync(c.webhook(), c.review())
            .whenComplete(
                (answer, failure) -> {
                  latencies[index] = System.nanoTime() - sent;
                  classify(c, answer, failure);
                  inFlight.release();
                });
      }
      inFlight.acquire(concurrency);
      restarting.forEach(java.util.concurrent.CompletableFuture::join);
      long wall = System.nanoTime() - start;
      long serverCpu = cpuTicks(pid) - serverCpu0;
      long clientCpu = cpuTicks(ProcessHandle.current().pid()) - clientCpu0;
      sampler.interrupt();
      report(admissions, concurrency, wall, latencies, restarts, rss, serverCpu, clientCpu);
    }
    return unverifiedAllows.sum() == 0 && serverErrors.sum() == 0 ? 0 : 1;
  }

  /** 70 % warm, 10 % cold (while cold tags last, then warm), 20 % to be denied. */
  private static Case pick(
      int i, List<Case> warm, List<Case> denied, List<Case> cold, AtomicLong coldNext) {
    int slot = i % 10;
    if (slot == 7) {
      long next = coldNext.getAndIncrement();
      if (next < cold.size()) {
        return cold.get((int) next);
      }
    }
    if (slot >= 8) {
      return denied.get((i / 10) % denied.size());
    }
    return warm.get(i % warm.size());
  }

  private void classify(Case c, HttpResponse<String> answer, Throwable failure) {
    String outcome;
    if (failure != null) {
      outcome = "transport failure";
      problem(c, failure.toString());
    } else if (answer.statusCode() >= 500) {
      serverErrors.increment();
      outcome = "http " + answer.statusCode();
      problem(c, outcome + " " + answer.body());
    } else if (answer.statusCode() != 200) {
      outcome = "http " + answer.statusCode();
      problem(c, outcome + " " + answer.body());
    } else {
      outcome = allowOrDeny(c, answer.body());
    }
    tally.computeIfAbsent(c.kind() + ": " + outcome, k -> new LongAdder()).increment();
  }

  private String allowOrDeny(Case c, String body) {
    JsonNode response;
    try {
      response = JSON.readTree(body).path("response");
    } catch (IOException e) {
      problem(c, "unreadable answer " + body);
      return "unreadable";
    }
    if (!response.path("allowed").asBoolean()) {
      String message = response.at("/status/message").asText();
      return "denied (" + reason(message) + ")";
    }
    boolean proven;
    if (c.kind().startsWith("warm validate")) {
      proven = !response.has("patch");
    } else if (c.pinnedTo().isPresent()) {
      proven = patchedImage(response).equals(c.pinnedTo());
    } else {
      proven = false;
    }
    if (!proven) {
      unverifiedAllows.increment();
      problem(c, "UNVERIFIED ALLOW " + response);
      return "UNVERIFIED ALLOW";
    }
    return "allowed, pinned to the signed digest";
  }

  private static String reason(String message) {
    int colon = message.lastIndexOf(": ");
    String cause = colon < 0 ? message : message.substring(colon + 2);
    return cause
        .replaceAll("sha256:[0-9a-f]{64}", "<digest>")
        .replaceAll("127\\.0\\.0\\.1:\\d+", "<mirror>");
  }

  private static Optional<String> patchedImage(JsonNode response) {
    if (!response.has("patch")) {
      return Optional.empty();
    }
    try {
      JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText()));
      if (patch.size() != 1
          || !patch.get(0).path("path").asText().equals("/spec/containers/0/image")) {
        return Optional.of("unexpected patch " + patch);
      }
      return Optional.of(patch.get(0).path("value").asText());
    } catch (IOException e) {
      return Optional.of("unreadable patch");
    }
  }

  private void problem(Case c, String what) {
    if (firstProblems.size() < 10) {
      firstProblems.add(c.kind() + " " + c.webhook() + ": " + what);
    }
  }

  private static Thread sampler(long pid, List<long[]> rss) {
    Thread t =
        new Thread(
            () -> {
              long start = System.nanoTime();
              while (!Thread.currentThread().isInterrupted()) {
                rss.add(new long[] {(System.nanoTime() - start) / 1_000_000_000L, rssKb(pid)});
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "rss-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** utime + stime of {@code pid} in clock ticks, from /proc/<pid>/stat. */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException e) {
      return 0;
    }
  }

  private void report(
      int admissions,
      int concurrency,
      long wall,
      long[] latencies,
      List<Long> restarts,
      List<long[]> rss,
      long serverTicks,
      long clientTicks) {
    long[] sorted = latencies.clone();
    java.util.Arrays.sort(sorted);
    double seconds = wall / 1e9;
    System.out.printf(
        "%n%d admissions at concurrency %d in %.1f s (%.0f/s); registry restarted %d× (%s ms each)%n",
        admissions, concurrency, seconds, admissions / seconds, restarts.size(), restarts);
    System.out.printf(
        "latency ms: p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
        sorted[admissions / 2] / 1e6,
        sorted[(int) (admissions * 0.99)] / 1e6,
        sorted[(int) (admissions * 0.999)] / 1e6,
        sorted[admissions - 1] / 1e6);
    System.out.printf(
        "CPU: webhook %.1f s (%.0f %% of one core), load generator %.1f s (%.0f %%)%n",
        serverTicks / (double) TICKS_PER_SECOND,
        100.0 * serverTicks / TICKS_PER_SECOND / seconds,
        clientTicks / (double) TICKS_PER_SECOND,
        100.0 * clientTicks / TICKS_PER_SECOND / seconds);
    List<long[]> samples = new ArrayList<>(rss);
    if (!samples.isEmpty()) {
      long peak = samples.stream().mapToLong(s -> s[1]).max().orElse(-1);
      StringBuilder line = new StringBuilder();
      int step = Math.max(1, samples.size() / 8);
      for (int i = 0; i < samples.size(); i += step) {
        line.append(String.format(" %ds:%d", samples.get(i)[0], samples.get(i)[1] / 1024));
      }
      long[] last = samples.get(samples.size() - 1);
      System.out.printf(
          "webhook RSS MiB:%s … %ds:%d (peak %d)%n", line, last[0], last[1] / 1024, peak / 1024);
    }
    System.out.println("answers:");
    new TreeMap<>(tally).forEach((k, v) -> System.out.printf("  %8d  %s%n", v.sum(), k));
    System.out.printf(
        "unverified allows: %d; 5xx: %d%n", unverifiedAllows.sum(), serverErrors.sum());
    firstProblems.forEach(p -> System.out.println("  problem: " + p));
  }
}
