package dev.airlock.oci.registry.http;

import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/** How an exchange's failures become typed {@link RegistryException}s, with redacted messages. */
final class HttpFailures {
  private HttpFailures() {}

  /**
   * When the server asked for a client certificate during the handshake: what happened to it (in
   * the words of a failure message); empty when it asked for none.
   */
  static Optional<String> clientAuthAsked(HttpURLConnection connection) {
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

  static RegistryException timeout(String method, URI uri, Throwable cause) {
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

  static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
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
