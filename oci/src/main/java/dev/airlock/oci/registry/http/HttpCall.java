package dev.airlock.oci.registry.http;

import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * One HTTP exchange within a deadline: the request's timeout is the time left, the body is read
 * under the same deadline and a size cap, redirects are followed as {@link RedirectPolicy} allows
 * (at most 5), and I/O failures become typed {@link RegistryException}s. Messages name the request
 * without query or credentials ({@link Redaction#url}).
 */
final class HttpCall {
  private static final int MAX_REDIRECTS = 5;
  private static final long ERROR_BODY_CAP = 64 * 1024;

  private HttpCall() {}

  static Reply send(
      Transport client,
      String method,
      URI url,
      Map<String, String> headers,
      long maxBody,
      Deadline deadline,
      RedirectPolicy redirects)
      throws RegistryException {
    URI uri = url;
    Map<String, String> sent = new LinkedHashMap<>(headers);
    for (int hop = 0; ; hop++) {
      Reply reply = once(client, method, uri, sent, maxBody, deadline);
      int status = reply.status();
      boolean redirect =
          status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
      if (!redirect || reply.header("Location").isEmpty()) {
        return reply;
      }
      if (hop == MAX_REDIRECTS) {
        throw new RegistryException(
            Kind.HTTP_STATUS,
            status,
            java.util.List.of(),
            uri,
            "too many redirects from " + Redaction.url(url),
            null);
      }
      URI next;
      try {
        next = uri.resolve(reply.header("Location").get().trim());
      } catch (IllegalArgumentException e) {
        throw new RegistryException(
            Kind.MALFORMED, uri, reply.where() + ": unusable redirect Location", e);
      }
      redirects.check(method, uri, next, status);
      if (!RedirectPolicy.sameOrigin(uri, next)) {
        sent = crossOrigin(sent);
      }
      uri = next;
    }
  }

  /** What may go to another origin: content negotiation and the user agent, nothing else. */
  private static Map<String, String> crossOrigin(Map<String, String> headers) {
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          if (name.equalsIgnoreCase("Accept") || name.equalsIgnoreCase("User-Agent")) {
            kept.put(name, value);
          }
        });
    return kept;
  }

  private static Reply once(
      Transport transport,
      String method,
      URI uri,
      Map<String, String> headers,
      long maxBody,
      Deadline deadline)
      throws RegistryException {
    var remaining = deadline.remaining();
    if (remaining.isZero()) {
      throw timeout(method, uri, null);
    }
    long started = System.nanoTime();
    HttpURLConnection connection;
    try {
      connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
      connection.setRequestMethod(method);
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryException(
          Kind.TRANSPORT, uri, method + " " + Redaction.url(uri) + ": " + describe(e), e);
    }
    if (connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(transport.sockets());
      transport.hostnames().ifPresent(https::setHostnameVerifier);
    }
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setAllowUserInteraction(false);
    connection.setConnectTimeout(millis(min(transport.connectTimeout(), remaining)));
    connection.setReadTimeout(millis(remaining));
    headers.forEach(connection::setRequestProperty);
    // Blocking I/O on the caller's thread (a worker that waits anyway): no hand-off between
    // threads per request (the JDK HttpClient made ~5, and cost 2.5x the CPU per cold image,
    // measured by bench/run.sh). The read timeout bounds each read; the guard closes the socket
    // when the deadline passes, so a body that trickles in cannot outlive it.
    Guard guard = new Guard(connection);
    ScheduledFuture<?> timer = DEADLINES.schedule(guard, remaining.toNanos(), TimeUnit.NANOSECONDS);
    boolean connected = false;
    Optional<String> clientAuth = Optional.empty();
    try {
      connection.connect();
      connected = true;
      clientAuth = clientAuthAsked(connection);
      int status = connection.getResponseCode();
      HttpHeaders received = headersOf(connection);
      boolean ok = status >= 200 && status < 300;
      // the JDK gives bodies of 4xx/5xx answers only as the error stream
      InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      CappedBody.Read body =
          in == null || method.equals("HEAD")
              ? new CappedBody.Read(new byte[0], true)
              : CappedBody.read(
                  in, ok ? maxBody : ERROR_BODY_CAP, !ok, connection.getContentLengthLong());
      if (!guard.finish()) {
        throw timeout(method, uri, null);
      }
      timer.cancel(false);
      if (body.complete()) {
        if (in != null) {
          in.close(); // the connection goes back to the JDK's keep-alive pool
        }
      } else {
        connection.disconnect();
      }
      return new Reply(method, uri, status, received, body.bytes(), Redaction.of(headers));
    } catch (IOException | RuntimeException e) {
      timer.cancel(false);
      boolean guardFired = !guard.finish();
      connection.disconnect();
      // The guard closed the socket at the deadline (the JDK then reports a closed socket, as an
      // SSLException on TLS): that is the deadline. So is a read timeout (the time left) at or a
      // hair before it.
      boolean atDeadline =
          System.nanoTime() - started >= remaining.toNanos() - DEADLINE_SLACK_NANOS;
      if (guardFired
          || (atDeadline
              && (find(e, SocketTimeoutException.class) != null
                  || find(e, SocketException.class) != null))) {
        throw timeout(method, uri, e);
      }
      if (clientAuth.isPresent()
          && find(e, SSLException.class) == null
          && find(e, IOException.class) != null
          && find(e, CappedBody.TooLarge.class) == null) {
        // TLS 1.3 refuses a client certificate after the handshake: the alert can lose the race
        // with the reset ("Error writing to server"), so say what the handshake showed.
        throw new RegistryException(
            Kind.TLS,
            uri,
            method
                + " "
                + Redaction.url(uri)
                + ": TLS failure: the registry closed the connection after the handshake; it "
                + clientAuth.get(),
            e);
      }
      throw translate(method, uri, e, deadline, connected);
    }
  }

  /**
   * When the server asked for a client certificate during the handshake: what happened to it (in
   * the words of a failure message); empty when it asked for none.
   */
  private static Optional<String> clientAuthAsked(HttpURLConnection connection) {
    if (!(connection instanceof HttpsURLConnection https)) {
      return Optional.empty();
    }
    boolean asked =
        https
            .getSSLSession()
            .filter(ExtendedSSLSession.class::isInstance)
            .map(s -> ((ExtendedSSLSession) s).getPeerSupportedSignatureAlgorithms().length > 0)
            .orElse(false);
    if (!asked) {
      return Optional.empty();
    }
    return Optional.of(
        https.getLocalCertificates() == null
            ? "asked for a client certificate and none is configured (hosts.toml client)"
            : "asked for a client certificate and refused the one presented");
  }

  /**
   * Closes the connection when the deadline passes, unless the exchange finished first; the lock
   * makes sure a connection already handed back to the keep-alive pool is never closed.
   */
  private static final class Guard implements Runnable {
    private final HttpURLConnection connection;
    private boolean finished;
    private boolean fired;

    Guard(HttpURLConnection connection) {
      this.connection = connection;
    }

    @Override
    public synchronized void run() {
      if (!finished) {
        fired = true;
        connection.disconnect();
      }
    }

    /** Marks the exchange finished; false when the guard fired first (the deadline passed). */
    synchronized boolean finish() {
      finished = true;
      return !fired;
    }
  }

  private static HttpHeaders headersOf(HttpURLConnection connection) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    connection
        .getHeaderFields()
        .forEach(
            (name, values) -> {
              if (name != null) {
                fields.put(name, values);
              }
            });
    return HttpHeaders.of(fields, (name, value) -> true);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** A positive timeout in milliseconds (0 would mean none to the JDK). */
  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  /** Timer granularity: a request timeout this close to the deadline counts as the deadline. */
  private static final long DEADLINE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  /** One daemon thread that aborts bodies still arriving when their deadline passes. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

  private static ScheduledThreadPoolExecutor deadlineTimer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "airlock-http-deadline");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private static RegistryException timeout(String method, URI uri, Throwable cause) {
    return new RegistryException(
        Kind.TIMEOUT,
        uri,
        method + " " + Redaction.url(uri) + ": no answer before the deadline",
        cause);
  }

  /** Maps an I/O failure to its kind: deadline, TLS, body too large, or transport. */
  static RegistryException translate(
      String method, URI uri, Throwable failure, Deadline deadline, boolean connected) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String what = method + " " + Redaction.url(uri) + ": ";
    if (find(cause, CappedBody.TooLarge.class) != null) {
      return new RegistryException(Kind.MALFORMED, uri, what + cause.getMessage(), cause);
    }
    SSLException tls = find(cause, SSLException.class);
    if (tls != null) {
      return new RegistryException(Kind.TLS, uri, what + "TLS failure: " + tls.getMessage(), cause);
    }
    if (cause instanceof SocketTimeoutException && !connected && !deadline.expired()) {
      return new RegistryException(Kind.TRANSPORT, uri, what + "connect timed out", cause);
    }
    if (cause instanceof SocketTimeoutException || deadline.expired()) {
      return timeout(method, uri, cause);
    }
    if (find(cause, ConnectException.class) != null) {
      return new RegistryException(Kind.TRANSPORT, uri, what + "connection refused", cause);
    }
    if (cause instanceof IOException) {
      return new RegistryException(Kind.TRANSPORT, uri, what + describe(cause), cause);
    }
    return new RegistryException(Kind.TRANSPORT, uri, what + describe(cause), cause);
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
