package dev.airlock.oci.registry.http;

import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
      throw HttpFailures.timeout(method, uri, null);
    }
    long started = System.nanoTime();
    HttpURLConnection connection;
    try {
      connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
      connection.setRequestMethod(method);
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryException(
          Kind.TRANSPORT,
          uri,
          method + " " + Redaction.url(uri) + ": " + HttpFailures.describe(e),
          e);
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
    // when the deadline passes before the body, and the body is read checking the deadline, so
    // an answer that trickles in cannot outlive it.
    DeadlineGuard guard = new DeadlineGuard(connection);
    ScheduledFuture<?> timer = guard.arm(remaining);
    boolean connected = false;
    Optional<String> clientAuth = Optional.empty();
    try {
      connection.connect();
      connected = true;
      if (guard.fired()) {
        throw HttpFailures.timeout(method, uri, null);
      }
      clientAuth = HttpFailures.clientAuthAsked(connection);
      int status = connection.getResponseCode();
      HttpHeaders received = headersOf(connection);
      guard.readingBody();
      boolean ok = status >= 200 && status < 300;
      // the JDK gives bodies of 4xx/5xx answers only as the error stream
      InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      CappedBody.Read body =
          in == null || method.equals("HEAD")
              ? new CappedBody.Read(new byte[0], true)
              : CappedBody.read(
                  in,
                  ok ? maxBody : ERROR_BODY_CAP,
                  !ok,
                  connection.getContentLengthLong(),
                  deadline);
      if (!guard.finish()) {
        throw HttpFailures.timeout(method, uri, null);
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
          || HttpFailures.find(e, CappedBody.DeadlinePassed.class) != null
          || (atDeadline
              && (HttpFailures.find(e, SocketTimeoutException.class) != null
                  || HttpFailures.find(e, SocketException.class) != null))) {
        throw HttpFailures.timeout(method, uri, e);
      }
      if (clientAuth.isPresent()
          && HttpFailures.find(e, SSLException.class) == null
          && HttpFailures.find(e, IOException.class) != null
          && HttpFailures.find(e, CappedBody.TooLarge.class) == null) {
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
      throw HttpFailures.translate(method, uri, e, deadline, connected);
    }
  }

  /**
   * The answer's headers, names case-insensitive and values in the order sent. The JDK's map keeps
   * names as sent (two spellings would be two keys, which {@link HttpHeaders#of} refuses) and lists
   * a repeated header's values last-sent first.
   */
  private static HttpHeaders headersOf(HttpURLConnection connection) {
    Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    connection
        .getHeaderFields()
        .forEach(
            (name, values) -> {
              if (name != null) {
                List<String> sent = new ArrayList<>(values);
                Collections.reverse(sent);
                fields.computeIfAbsent(name, n -> new ArrayList<>()).addAll(sent);
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
}
