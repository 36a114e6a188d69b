package dev.airlock.oci.registry.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;

/** An HTTP answer read within the deadline and size cap. */
record Reply(String method, URI uri, int status, HttpHeaders headers, byte[] body) {

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
