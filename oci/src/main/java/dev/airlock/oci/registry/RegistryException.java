package dev.airlock.oci.registry;

import java.net.URI;
import java.util.List;

/**
 * A registry call that failed. Errors are data: the kind, the HTTP status, the registry's error
 * codes (distribution spec "Error Codes") and whether retrying may help. Not-found is not an error
 * (verbs return {@code Optional.empty()}).
 */
public final class RegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The registry answered with an unexpected HTTP status. */
    HTTP_STATUS,
    /** Credentials missing or refused (401/403 after authenticating). */
    AUTH,
    /** Connection refused, reset, DNS, or other I/O failure. */
    TRANSPORT,
    /** TLS handshake or certificate failure. */
    TLS,
    /** The deadline passed before an answer. */
    TIMEOUT,
    /** Content whose bytes do not hash to the digest it was fetched by. */
    DIGEST_MISMATCH,
    /** A response that is not what the API specifies (bad JSON, missing header, too large). */
    MALFORMED,
    /** Too many requests already in flight to the host: refused without sending (a bulkhead). */
    BUSY,
    /**
     * The route has no endpoint with the capability the call needs ({@code hosts.toml} lists only
     * hosts without {@code pull}, or without {@code resolve} for a tag): a configuration error,
     * found before any request is sent.
     */
    NO_ENDPOINT
  }

  /** One entry of the registry's {@code {"errors": [...]}} body. */
  public record ErrorCode(String code, String message) {}

  private final Kind kind;
  private final int status;
  private final transient List<ErrorCode> errors;
  private final transient URI url;

  public RegistryException(
      Kind kind, int status, List<ErrorCode> errors, URI url, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.errors = List.copyOf(errors);
    this.url = url;
  }

  public RegistryException(Kind kind, URI url, String message) {
    this(kind, 0, List.of(), url, message, null);
  }

  public RegistryException(Kind kind, URI url, String message, Throwable cause) {
    this(kind, 0, List.of(), url, message, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** HTTP status, or 0 when there was no HTTP answer. */
  public int status() {
    return status;
  }

  public List<ErrorCode> errors() {
    return errors;
  }

  /** The URL of the failing request, if known. */
  public URI url() {
    return url;
  }

  /** True when a retry may succeed: transport errors, 408, 429, 5xx (but not 501). */
  public boolean temporary() {
    return switch (kind) {
      case TRANSPORT -> true;
      case HTTP_STATUS -> status == 408 || status == 429 || (status >= 500 && status != 501);
      default -> false;
    };
  }
}
