package dev.airlock.probe.egress;

import dev.airlock.oci.registry.Deadline;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
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
  private final SSLContext tls;
  private final ProxySettings proxies;
  private final Duration timeout;
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "egress-probe-deadline");
            thread.setDaemon(true);
            return thread;
          });

  private final ExecutorService executor;
  private final DnsLookup dns;

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
    // Reads time out per call; closing the socket at the deadline bounds the steps as a whole.
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(
            () -> HttpWire.closeQuietly(socket),
            Math.max(1, deadline.remaining().toMillis()),
            TimeUnit.MILLISECONDS);
    try {
      if (proxy.isPresent()) {
        int status = HttpWire.connectThroughProxy(socket, target, proxy.get(), deadline);
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
          return EgressOutcome.tls(deadline.expired() ? "handshake timeout" : TlsFailure.reason(e));
        }
      }
      return HttpWire.get(channel, target, deadline);
    } finally {
      watchdog.cancel(false);
      HttpWire.closeQuietly(socket);
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
        socket.connect(new InetSocketAddress(address, port), HttpWire.millis(deadline));
        return new Connection(socket, null);
      } catch (SocketTimeoutException e) {
        HttpWire.closeQuietly(socket);
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
      HttpWire.closeQuietly(socket);
    }
    return new Connection(null, failure);
  }

  /** Step 3: TLS with SNI and host-name verification, bounded by the deadline. */
  private SSLSocket handshake(Socket socket, EgressTarget target, Deadline deadline)
      throws IOException {
    SSLSocket ssl =
        (SSLSocket) tls.getSocketFactory().createSocket(socket, target.host(), target.port(), true);
    SSLParameters parameters = ssl.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(parameters);
    ssl.setSoTimeout(HttpWire.millis(deadline));
    ssl.startHandshake();
    return ssl;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
