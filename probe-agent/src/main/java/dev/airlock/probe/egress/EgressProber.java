package dev.airlock.probe.egress;

import dev.airlock.oci.registry.Deadline;
import dev.airlock.probe.tls.TrustMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The egress-bypass probe. Each target is probed step by step — resolve, TCP connect (through the
 * HTTPS proxy with CONNECT when one is configured), TLS handshake, {@code GET /v2/} — so a failure
 * is classified by the step it failed in. Everything after the TCP connection is a leak. Targets
 * run in parallel, each within its own deadline.
 */
public final class EgressProber implements AutoCloseable {
  private static final int MAX_LINE = 8192;

  private final SSLContext tls;
  private final ProxySettings proxies;
  private final Duration timeout;
  private final ExecutorService executor;
  private final DnsLookup dns;

  public EgressProber(TrustMaterial trust, ProxySettings proxies, Duration timeout)
      throws GeneralSecurityException {
    this(trust.trustManager(), proxies, timeout);
  }

  /**
   * A prober whose TLS step trusts {@code trustManager} (e.g. one that records the presented chain,
   * as the mirror ping does).
   */
  public EgressProber(X509TrustManager trustManager, ProxySettings proxies, Duration timeout)
      throws GeneralSecurityException {
    this.tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {trustManager}, null);
    this.proxies = proxies;
    this.timeout = timeout;
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "egress-probe");
              thread.setDaemon(true);
              return thread;
            });
    this.dns = new DnsLookup(executor);
  }

  /** Probes every target in parallel; results in the order of {@code targets}. */
  public List<EgressResult> probeAll(List<EgressTarget> targets) throws InterruptedException {
    List<Future<EgressResult>> running = new ArrayList<>();
    for (EgressTarget target : targets) {
      running.add(executor.submit(() -> probe(target)));
    }
    List<EgressResult> results = new ArrayList<>();
    for (Future<EgressResult> future : running) {
      try {
        results.add(future.get());
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("egress probe failed unexpectedly", e.getCause());
      }
    }
    return results;
  }

  /** Probes one target within {@code timeout}. */
  public EgressResult probe(EgressTarget target) throws InterruptedException {
    Optional<URI> proxy = proxies.proxyFor(target);
    return new EgressResult(target, classify(target, proxy, Deadline.after(timeout)), proxy);
  }

  private EgressOutcome classify(EgressTarget target, Optional<URI> proxy, Deadline deadline)
      throws InterruptedException {
    String host = proxy.map(URI::getHost).orElse(target.host());
    int port = proxy.map(p -> p.getPort() < 0 ? 80 : p.getPort()).orElse(target.port());
    DnsLookup.Answer answer = dns.resolve(host, deadline.remaining());
    if (answer.failure() != null) {
      return answer.failure();
    }
    Connection connection = connect(answer.addresses(), port, deadline);
    if (connection.failure() != null) {
      return connection.failure();
    }
    Socket socket = connection.socket();
    try {
      if (proxy.isPresent()) {
        int status = connectThroughProxy(socket, target, proxy.get(), deadline);
        if (status < 0) {
          return EgressOutcome.timeout();
        }
        if (status / 100 != 2) {
          return EgressOutcome.proxyDenied(status);
        }
      }
      Socket channel = socket;
      if (target.tls()) {
        try {
          channel = handshake(socket, target, deadline);
        } catch (IOException e) {
          return EgressOutcome.tls(TlsFailure.reason(e));
        }
      }
      return httpGet(channel, target, deadline);
    } finally {
      closeQuietly(socket);
    }
  }

  /** A connected socket, or the outcome that ends the probe. */
  private record Connection(Socket socket, EgressOutcome failure) {}

  /**
   * Step 2: TCP connect to each address in turn. A timeout ends the probe (the budget is spent);
   * when every address fails otherwise, "refused" wins over "unreachable".
   */
  private static Connection connect(List<InetAddress> addresses, int port, Deadline deadline) {
    EgressOutcome failure = EgressOutcome.timeout();
    boolean refused = false;
    for (InetAddress address : addresses) {
      if (deadline.expired()) {
        return new Connection(null, EgressOutcome.timeout());
      }
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, port), millis(deadline));
        return new Connection(socket, null);
      } catch (SocketTimeoutException e) {
        closeQuietly(socket);
        return new Connection(null, EgressOutcome.timeout());
      } catch (NoRouteToHostException e) {
        failure = refused ? failure : EgressOutcome.unreachable();
      } catch (ConnectException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("refused")) {
          refused = true;
          failure = EgressOutcome.refused();
        } else if (!refused) {
          failure = EgressOutcome.unreachable();
        }
      } catch (IOException e) {
        failure = refused ? failure : EgressOutcome.unreachable();
      }
      closeQuietly(socket);
    }
    return new Connection(null, failure);
  }

  /**
   * CONNECT through an HTTP proxy (RFC 9110 section 9.3.6); the proxy's status, or -1 when it did
   * not answer before the deadline.
   */
  private static int connectThroughProxy(
      Socket socket, EgressTarget target, URI proxy, Deadline deadline) {
    StringBuilder request = new StringBuilder();
    String authority = target.host() + ":" + target.port();
    request.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(authority).append("\r\n");
    if (proxy.getRawUserInfo() != null) {
      String credentials =
          Base64.getEncoder().encodeToString(proxy.getUserInfo().getBytes(StandardCharsets.UTF_8));
      request.append("Proxy-Authorization: Basic ").append(credentials).append("\r\n");
    }
    request.append("\r\n");
    try {
      socket.setSoTimeout(millis(deadline));
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      int status = statusCode(readLine(in));
      while (!readLine(in).isEmpty()) {
        socket.setSoTimeout(millis(deadline));
      }
      return status;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Step 3: TLS with SNI and host-name verification, bounded by the deadline. */
  private SSLSocket handshake(Socket socket, EgressTarget target, Deadline deadline)
      throws IOException {
    SSLSocket ssl =
        (SSLSocket) tls.getSocketFactory().createSocket(socket, target.host(), target.port(), true);
    SSLParameters parameters = ssl.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(parameters);
    ssl.setSoTimeout(millis(deadline));
    ssl.startHandshake();
    return ssl;
  }

  /** Step 4: {@code GET /v2/}; any status line is a leak, and so is a broken answer. */
  private static EgressOutcome httpGet(Socket channel, EgressTarget target, Deadline deadline) {
    String request =
        "GET "
            + target.probeUrl().getRawPath()
            + " HTTP/1.1\r\nHost: "
            + target.authority()
            + "\r\nUser-Agent: airlock-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    try {
      channel.setSoTimeout(millis(deadline));
      OutputStream out = channel.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = readLine(channel.getInputStream());
      int status = statusCode(statusLine);
      return status < 0
          ? EgressOutcome.httpError("invalid status line")
          : EgressOutcome.http(status);
    } catch (SocketTimeoutException e) {
      return EgressOutcome.httpError("no answer before the timeout");
    } catch (SSLException e) {
      return EgressOutcome.tls(TlsFailure.reason(e));
    } catch (IOException e) {
      return EgressOutcome.httpError(String.valueOf(e.getMessage()));
    } finally {
      closeQuietly(channel);
    }
  }

  /** {@code HTTP/1.1 401 Unauthorized} → 401; -1 when the line is not a status line. */
  private static int statusCode(String line) {
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
      return -1;
    }
    return Integer.parseInt(parts[1]);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (line.length() >= MAX_LINE) {
        throw new IOException("line longer than " + MAX_LINE + " bytes");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (c == -1 && line.length() == 0) {
      throw new java.io.EOFException("connection closed without an answer");
    }
    return line.toString();
  }

  private static int millis(Deadline deadline) throws SocketTimeoutException {
    long left = deadline.remaining().toMillis();
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do: the probe's answer is already known
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
