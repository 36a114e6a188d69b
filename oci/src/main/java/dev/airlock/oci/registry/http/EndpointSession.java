package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends one registry request to one endpoint: the host's TLS client and {@code header}s, auth
 * (answering one 401 challenge), and retries of temporary failures (transport errors, 408, 429, 5xx
 * but 501) with exponential backoff and jitter, never sleeping past the deadline. Returns the final
 * reply whatever its status, except that 401/403 after authenticating is an AUTH error. At most
 * {@code maxConcurrentPerHost} exchanges are in flight to one authority ({@link HostLimits}).
 */
final class EndpointSession {
  private final TlsClients clients;
  private final Authorizer authorizer;
  private final RegistryClientOptions options;
  private final RedirectPolicy redirects;
  private final HostLimits limits;

  EndpointSession(
      TlsClients clients,
      Authorizer authorizer,
      RegistryClientOptions options,
      RedirectPolicy redirects) {
    this.clients = clients;
    this.authorizer = authorizer;
    this.options = options;
    this.redirects = redirects;
    this.limits = new HostLimits(options.maxConcurrentPerHost());
  }

  Reply send(
      MirrorEndpoint endpoint,
      String method,
      URI url,
      String accept,
      long maxBody,
      Deadline deadline)
      throws RegistryException {
    Transport client = clients.clientFor(endpoint.host());
    RegistryException last = null;
    for (int attempt = 1; ; attempt++) {
      try (HostLimits.Permit permit = limits.enter(endpoint.host(), url, deadline)) {
        Reply reply = authorized(client, endpoint, method, url, accept, maxBody, deadline);
        if (!temporaryStatus(reply.status())) {
          return reply;
        }
        last = statusError(reply);
      } catch (RegistryException e) {
        if (!e.temporary()) {
          throw e;
        }
        last = e;
      }
      Duration pause = backoff(attempt);
      if (attempt >= options.attempts() || deadline.remaining().compareTo(pause) <= 0) {
        throw last;
      }
      sleep(pause, url);
    }
  }

  private Reply authorized(
      Transport client,
      MirrorEndpoint endpoint,
      String method,
      URI url,
      String accept,
      long maxBody,
      Deadline deadline)
      throws RegistryException {
    Optional<String> auth = authorizer.upFront(endpoint, client, deadline);
    Reply reply =
        HttpCall.send(
            client, method, url, headers(endpoint, accept, auth), maxBody, deadline, redirects);
    if (reply.status() == 401 && !RedirectPolicy.sameOrigin(reply.uri(), url)) {
      // The challenge came from a host this request was redirected to: the endpoint's credentials
      // are for the endpoint only (containerd answers a host's challenge with that host's).
      throw new RegistryException(
          Kind.AUTH,
          401,
          List.of(),
          url,
          reply.where()
              + ": 401 from a redirect target; the credentials of "
              + endpoint.host().authority()
              + " are not offered to another host",
          null);
    }
    if (reply.status() == 401) {
      String answer = authorizer.respond(endpoint, reply, auth, client, deadline);
      reply =
          HttpCall.send(
              client,
              method,
              url,
              headers(endpoint, accept, Optional.of(answer)),
              maxBody,
              deadline,
              redirects);
    }
    if (reply.status() == 401 || reply.status() == 403) {
      List<dev.airlock.oci.registry.RegistryException.ErrorCode> errors = ErrorBodies.parse(reply);
      throw new RegistryException(
          Kind.AUTH,
          reply.status(),
          errors,
          url,
          reply.where()
              + ": "
              + reply.status()
              + " after authenticating"
              + (errors.isEmpty() ? "" : ": " + ErrorBodies.describe(errors)),
          null);
    }
    return reply;
  }

  private Map<String, String> headers(
      MirrorEndpoint endpoint, String accept, Optional<String> auth) {
    Map<String, String> headers = new LinkedHashMap<>();
    // hosts.toml `header`: sent on every request to the host (containerd docs/hosts.md).
    endpoint
        .host()
        .headers()
        .forEach((name, values) -> headers.put(name, String.join(", ", values)));
    headers.put("User-Agent", options.userAgent());
    if (accept != null) {
      headers.put("Accept", accept);
    }
    auth.ifPresent(value -> headers.put("Authorization", value));
    return headers;
  }

  /** An HTTP_STATUS error for a non-success reply, with the registry's error codes. */
  static RegistryException statusError(Reply reply) {
    List<dev.airlock.oci.registry.RegistryException.ErrorCode> errors = ErrorBodies.parse(reply);
    return new RegistryException(
        Kind.HTTP_STATUS,
        reply.status(),
        errors,
        reply.uri(),
        reply.where()
            + ": HTTP "
            + reply.status()
            + (errors.isEmpty() ? "" : ": " + ErrorBodies.describe(errors)),
        null);
  }

  private static boolean temporaryStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status != 501);
  }

  /** Random in [b/2, b] where b = initial * 2^(attempt-1), capped at maxBackoff. */
  private Duration backoff(int attempt) {
    long initial = options.initialBackoff().toNanos();
    long max = options.maxBackoff().toNanos();
    long base = attempt >= 31 ? max : Math.min(max, initial << Math.min(attempt - 1, 30));
    if (base <= 0) {
      return Duration.ZERO;
    }
    long half = base / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(base - half + 1));
  }

  private static void sleep(Duration pause, URI url) throws RegistryException {
    try {
      Thread.sleep(pause.toMillis(), (int) (pause.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(
          Kind.TIMEOUT, url, "interrupted while waiting to retry " + url, e);
    }
  }
}
