package dev.airlock.oci.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A programmable HTTP(S) server on 127.0.0.1 for fault injection. Routes match the exact method and
 * path (query ignored); unmatched requests get a registry-style 404 ({@code NAME_UNKNOWN}).
 *
 * <pre>{@code
 * try (FaultServer fault = FaultServer.https(pki)) {
 *   fault.on("GET", "/v2/app/manifests/" + digest,
 *       FaultServer.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), wrongBytes));
 *   fault.on("HEAD", "/v2/app/manifests/1.0",
 *       FaultServer.failTimes(2, 503, FaultServer.respond(200, headers, new byte[0])));
 *   fault.on("GET", "/v2/app/blobs/" + digest, FaultServer.hang());   // never answers
 *   fault.hits("HEAD", "/v2/app/manifests/1.0");                       // requests seen
 * }
 * String refused = FaultServer.refusedAuthority();                     // nothing listens there
 * }</pre>
 */
public final class FaultServer implements AutoCloseable {

  /** What to do with one request; {@code hit} counts from 1 per route. */
  @FunctionalInterface
  public interface Behaviour {
    void handle(HttpExchange exchange, int hit) throws IOException;
  }

  /** A request the server received. */
  public record Hit(String method, URI uri, Headers headers) {}

  private final HttpServer server;
  private final boolean tls;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private static final CountDownLatch NEVER = new CountDownLatch(1);

  private FaultServer(HttpServer server, boolean tls) {
    this.server = server;
    this.tls = tls;
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** An HTTPS server presenting a 127.0.0.1/localhost certificate from {@code pki}. */
  public static FaultServer https(TestPki pki) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(pki.serverCert("fault").keyContext(false)));
      return new FaultServer(server, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A plain HTTP server. */
  public static FaultServer http() {
    try {
      return new FaultServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:<port>} of a port that was free a moment ago: connections are refused. */
  public static String refusedAuthority() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return "127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets what {@code method path} does (replacing an earlier behaviour); returns this. */
  public FaultServer on(String method, String path, Behaviour behaviour) {
    routes.put(method + " " + path, behaviour);
    return this;
  }

  /**
   * Answers {@code status} with headers and body ({@code Content-Length} set; no body for HEAD).
   */
  public static Behaviour respond(int status, Map<String, String> headers, byte[] body) {
    return (exchange, hit) -> {
      headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (head) {
        exchange.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
      }
    };
  }

  /** A registry error body {@code {"errors":[{"code":…,"message":…}]}} with {@code status}. */
  public static Behaviour error(int status, String code, String message) {
    byte[] body =
        ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    return respond(status, Map.of("Content-Type", "application/json"), body);
  }

  /**
   * The first {@code times} hits get {@code status} (registry error body), later ones {@code then}.
   */
  public static Behaviour failTimes(int times, int status, Behaviour then) {
    Behaviour fail = error(status, "UNAVAILABLE", "injected failure");
    return (exchange, hit) -> (hit <= times ? fail : then).handle(exchange, hit);
  }

  /** Never answers (until the server closes and interrupts the handler). */
  public static Behaviour hang() {
    return (exchange, hit) -> {
      try {
        NEVER.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** Sends headers then {@code body} one byte every {@code delay}. */
  public static Behaviour slowBody(
      int status, Map<String, String> headers, byte[] body, Duration delay) {
    return (exchange, hit) -> {
      headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(status, body.length);
      OutputStream out = exchange.getResponseBody();
      for (byte b : body) {
        out.write(b);
        out.flush();
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    };
  }

  /** Closes the connection without any HTTP answer. */
  public static Behaviour drop() {
    return (exchange, hit) -> {};
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    hits.add(
        new Hit(
            exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders()));
    int hit = counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    Behaviour behaviour = routes.getOrDefault(key, error(404, "NAME_UNKNOWN", "no route " + key));
    try {
      behaviour.handle(exchange, hit);
    } finally {
      exchange.close();
    }
  }

  /** How many times {@code method path} was requested. */
  public int hits(String method, String path) {
    AtomicInteger count = counts.get(method + " " + path);
    return count == null ? 0 : count.get();
  }

  /** Every request received, in arrival order. */
  public List<Hit> requests() {
    return List.copyOf(hits);
  }

  /** {@code 127.0.0.1:<port>}. */
  public String authority() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code https://127.0.0.1:<port>} or {@code http://…}. */
  public URI origin() {
    return URI.create((tls ? "https" : "http") + "://" + authority());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
