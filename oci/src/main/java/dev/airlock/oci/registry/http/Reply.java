package dev.airlock.oci.registry.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP answer read within the deadline and size cap.
 *
 * @param redaction masks what the request sent in confidence, for messages made from this answer
 */
record Reply(
    String method, URI uri, int status, HttpHeaders headers, byte[] body, Redaction redaction) {

  /** {@code METHOD url} for messages, without query or credentials ({@link Redaction#url}). */
  String where() {
    return method + " " + Redaction.url(uri);
  }

  boolean success() {
    return status >= 200 && status < 300;
  }

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The media type of {@code Content-Type} without parameters, lower case, if given. */
  Optional<String> mediaType() {
    return header("Content-Type")
        .map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .filter(v -> !v.isEmpty());
  }
}
