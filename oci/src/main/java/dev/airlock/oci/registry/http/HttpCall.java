package dev.airlock.oci.registry.http;

import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
      HttpClient client,
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
      HttpClient client,
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
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(remaining)
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(builder::header);
    CappedBody[] body = new CappedBody[1];
    // Synchronous send on the caller's thread (a worker that waits anyway). sendAsync would hop
    // every completion through CompletableFuture's default executor, which on 1–2 CPUs starts a
    // new thread per request (found with JFR: ~500 threads in 8 s of load). The request timeout
    // covers the wait for the headers; the guard aborts a body still arriving at the deadline.
    ScheduledFuture<?> guard =
        DEADLINES.schedule(
            () -> {
              CappedBody b = body[0];
              if (b != null) {
                b.abort();
              }
            },
            remaining.toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      HttpResponse<byte[]> response =
          client.send(
              builder.build(),
              CappedBody.handler(maxBody, ERROR_BODY_CAP, method.equals("HEAD"), body));
      byte[] bytes = response.body() == null ? new byte[0] : response.body();
      return new Reply(
          method, uri, response.statusCode(), response.headers(), bytes, Redaction.of(headers));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (body[0] != null) {
        body[0].abort();
      }
      throw new RegistryException(
          Kind.TIMEOUT, uri, method + " " + Redaction.url(uri) + ": interrupted", e);
    } catch (IOException | RuntimeException e) {
      // The request timeout is the time left, so a timeout that fires at (or a hair before) the
      // deadline is the deadline, even when the JDK reports it as a connect timeout.
      boolean atDeadline =
          System.nanoTime() - started >= remaining.toNanos() - DEADLINE_SLACK_NANOS;
      if (atDeadline && find(e, HttpTimeoutException.class) != null) {
        throw timeout(method, uri, e);
      }
      throw translate(method, uri, e, deadline);
    } finally {
      guard.cancel(false);
    }
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
  static RegistryException translate(String method, URI uri, Throwable failure, Deadline deadline) {
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
    if (cause instanceof HttpConnectTimeoutException && !deadline.expired()) {
      return new RegistryException(Kind.TRANSPORT, uri, what + "connect timed out", cause);
    }
    if (cause instanceof HttpTimeoutException || deadline.expired()) {
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
