package dev.airlock.webhook.serving;

import dev.airlock.webhook.config.ServingConfig;
import dev.airlock.webhook.config.ServingConfig.ClientAuth;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The first handler of every request on the HTTPS port, before the body is read: the caller's
 * client certificate when {@link ServingConfig#clientAuth()} requires one, and the body size by
 * {@code Content-Length} (413 over HTTP/1.1 and HTTP/2 alike: Quarkus' own limit answers HTTP/2
 * with a GOAWAY that drops every stream of the connection, and kube-apiserver multiplexes all
 * admissions on one). A body without {@code Content-Length} is still held to {@code
 * quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class ServingGate {
  private static final Logger LOG = Logger.getLogger(ServingGate.class);

  /** design.md: a body over 4 MiB gets 413. */
  public static final long MAX_BODY_BYTES = 4L << 20;

  /**
   * A body over this is "large": an admission of an ordinary Pod is under 64 KiB. At most {@link
   * #MAX_LARGE_IN_FLIGHT} large requests are decoded at once; another one gets 503 at once, so that
   * a few 4 MiB bodies cannot take the heap (and with it every admission) down.
   */
  static final long LARGE_BODY_BYTES = 256L << 10;

  static final int MAX_LARGE_IN_FLIGHT = 4;

  private final java.util.concurrent.Semaphore large =
      new java.util.concurrent.Semaphore(MAX_LARGE_IN_FLIGHT);

  static final String TRUST_STORE = "quarkus.http.ssl.certificate.trust-store-files";
  private static final String QUARKUS_CLIENT_AUTH = "quarkus.http.ssl.client-auth";

  private final boolean clientAuthRequired;
  private final Optional<Set<String>> clientNames;

  public ServingGate(ServingConfig config, Config all) {
    // Quarkus fixes quarkus.http.ssl.client-auth at build time and only warns about a run-time
    // value, which its config then no longer shows: read the raw setting, so that asking for
    // required client certificates this way is honoured instead of silently ignored.
    boolean quarkusRequired =
        Optional.ofNullable(System.getProperty(QUARKUS_CLIENT_AUTH))
            .or(() -> Optional.ofNullable(System.getenv("QUARKUS_HTTP_SSL_CLIENT_AUTH")))
            .or(() -> all.getOptionalValue(QUARKUS_CLIENT_AUTH, String.class))
            .map(v -> v.trim().equalsIgnoreCase("required"))
            .orElse(false);
    this.clientAuthRequired = config.clientAuth() == ClientAuth.REQUIRED || quarkusRequired;
    this.clientNames = config.clientNames().map(Set::copyOf);
    if (clientAuthRequired
        && all.getOptionalValue(TRUST_STORE, String.class).filter(v -> !v.isBlank()).isEmpty()) {
      throw new IllegalStateException(
          "airlock.serving.client-auth=required needs "
              + TRUST_STORE
              + ": the CA bundle that issued kube-apiserver's client certificate");
    }
  }

  void onStart(@Observes StartupEvent event) {
    if (clientAuthRequired) {
      LOG.infof(
          "client certificates required on the HTTPS port%s",
          clientNames.map(n -> " (names " + String.join(", ", n) + ")").orElse(""));
    }
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::handle);
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (clientAuthRequired) {
      Optional<String> refusal = refusal(request.sslSession());
      if (refusal.isPresent()) {
        int status = refusal.get().startsWith("no ") ? 401 : 403;
        reject(ctx, status, refusal.get());
        return;
      }
    }
    String length = request.getHeader("Content-Length");
    if (length != null) {
      long bytes;
      try {
        bytes = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        reject(ctx, 400, "invalid Content-Length");
        return;
      }
      if (bytes > MAX_BODY_BYTES) {
        reject(ctx, 413, "request body larger than 4 MiB");
        return;
      }
      if (bytes > LARGE_BODY_BYTES) {
        if (!large.tryAcquire()) {
          reject(ctx, 503, "too many large admission requests in flight; retry");
          return;
        }
        ctx.addEndHandler(done -> large.release());
      }
    }
    ctx.next();
  }

  /** Why the caller is refused, or empty when its certificate is acceptable. */
  Optional<String> refusal(SSLSession session) {
    Certificate[] chain;
    try {
      chain = session == null ? null : session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      chain = null;
    }
    if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      return Optional.of("no client certificate: this webhook requires one (client-auth)");
    }
    if (clientNames.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = ClientNames.of(leaf);
    if (names.stream().anyMatch(clientNames.get()::contains)) {
      return Optional.empty();
    }
    return Optional.of(
        "client certificate for " + String.join(", ", names) + " is not an allowed client");
  }

  /**
   * Answers without reading the body. Over HTTP/1.1 the unread body would be taken for the next
   * request, so the connection is closed after the answer; an HTTP/2 stream ends on its own and the
   * connection (kube-apiserver's, shared by every admission) stays open.
   */
  private static void reject(RoutingContext ctx, int status, String message) {
    HttpServerRequest request = ctx.request();
    boolean http2 = request.version() == io.vertx.core.http.HttpVersion.HTTP_2;
    var response =
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8");
    if (!http2) {
      response.putHeader("Connection", "close");
    }
    response
        .end(message)
        .onComplete(
            done -> {
              if (!http2) {
                request.connection().close();
              }
            });
  }
}
