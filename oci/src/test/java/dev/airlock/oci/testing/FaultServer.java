package dev.airlock.oci.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.airlock.oci.ref.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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

  /**
   * An HTTPS server presenting {@code identity}: a certificate of another CA, an expired one, or
   * one without the loopback names ({@link TestPki#signingCert}), for TLS faults.
   */
  public static FaultServer https(TestPki.Issued identity) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(identity.keyContext(false)));
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
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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

  /**
   * Serves manifest {@code bytes} at {@code /v2/<repo>/manifests/<reference>} for HEAD and GET as a
   * registry does: {@code Content-Type} and {@code Docker-Content-Digest} (distribution spec
   * "Pulling manifests"); returns this.
   */
  public FaultServer manifest(String repo, String reference, String mediaType, byte[] bytes) {
    Behaviour serve =
        respond(
            200,
            Map.of(
                "Content-Type",
                mediaType,
                "Docker-Content-Digest",
                Digest.sha256(bytes).toString()),
            bytes);
    String path = "/v2/" + repo + "/manifests/" + reference;
    return on("HEAD", path, serve).on("GET", path, serve);
  }

  /** Serves blob {@code bytes} at {@code /v2/<repo>/blobs/<digest of bytes>}; returns this. */
  public FaultServer blob(String repo, byte[] bytes) {
    Behaviour serve =
        respond(
            200,
            Map.of(
                "Content-Type",
                "application/octet-stream",
                "Docker-Content-Digest",
                Digest.sha256(bytes).toString()),
            bytes);
    String path = "/v2/" + repo + "/blobs/" + Digest.sha256(bytes);
    return on("HEAD", path, serve).on("GET", path, serve);
  }

  /** Answers {@code 307} to {@code location} (absolute or relative). */
  public static Behaviour redirect(String location) {
    return respond(307, Map.of("Location", location), new byte[0]);
  }

  /** Announces {@code Content-Length} of {@code body}, sends only its first {@code sent} bytes. */
  public static Behaviour truncated(Map<String, String> headers, byte[] body, int sent) {
    return (exchange, hit) -> {
      headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body, 0, sent);
      exchange.getResponseBody().flush();
      // Closing the exchange short of Content-Length makes the server drop the connection.
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

  /**
   * A TCP listener on 127.0.0.1 that never accepts: with {@link #silentListener()} the kernel still
   * completes connections (its accept queue), so a client hangs in the TLS handshake; with {@link
   * #fullListener()} the accept queue is full, SYNs are dropped and a client hangs in connect.
   */
  public static final class Listener implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> fillers = new ArrayList<>();

    private Listener(ServerSocket socket) {
      this.socket = socket;
    }

    public String authority() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      for (Socket filler : fillers) {
        filler.close();
      }
      socket.close();
    }
  }

  /** A listener that completes TCP connections and never says a word (hang in TLS). */
  public static Listener silentListener() {
    try {
      return new Listener(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A listener whose accept queue is full, so a new connection's SYN is dropped (Linux {@code
   * tcp_conn_request}) and the client hangs in connect; fails if the queue cannot be filled.
   */
  public static Listener fullListener() {
    try {
      Listener listener = new Listener(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.socket.getLocalPort());
      for (int i = 0; i < 16; i++) {
        Socket filler = new Socket();
        try {
          filler.connect(address, 300);
          listener.fillers.add(filler);
        } catch (SocketTimeoutException full) {
          filler.close();
          return listener;
        }
      }
      listener.close();
      throw new IllegalStateException("the accept queue of " + address + " did not fill up");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
