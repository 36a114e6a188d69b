package dev.airlock.probe.egress;

/**
 * What one egress probe found, classified by the step that ended it. Every outcome after a TCP
 * connection to the target is a leak: the network path is open (a TLS failure or any HTTP status,
 * 401 included, means the host answered).
 *
 * @param kind the step and its result
 * @param detail the DNS error, TLS reason, HTTP status or proxy status; empty when the kind says
 *     all
 */
public record EgressOutcome(Kind kind, String detail) {

  /** The closed set of outcomes; {@link #label()} is the Prometheus {@code outcome} label. */
  public enum Kind {
    DNS_NXDOMAIN("dns_nxdomain", false),
    DNS_ERROR("dns_error", false),
    REFUSED("refused", false),
    UNREACHABLE("unreachable", false),
    TIMEOUT("timeout", false),
    PROXY_DENIED("proxy_denied", false),
    TLS("tls", true),
    HTTP("http", true);

    private final String label;
    private final boolean leak;

    Kind(String label, boolean leak) {
      this.label = label;
      this.leak = leak;
    }

    public String label() {
      return label;
    }

    public boolean leak() {
      return leak;
    }
  }

  public static EgressOutcome nxdomain() {
    return new EgressOutcome(Kind.DNS_NXDOMAIN, "nxdomain");
  }

  public static EgressOutcome dnsError(String error) {
    return new EgressOutcome(Kind.DNS_ERROR, error);
  }

  public static EgressOutcome refused() {
    return new EgressOutcome(Kind.REFUSED, "");
  }

  public static EgressOutcome unreachable() {
    return new EgressOutcome(Kind.UNREACHABLE, "");
  }

  public static EgressOutcome timeout() {
    return new EgressOutcome(Kind.TIMEOUT, "");
  }

  public static EgressOutcome proxyDenied(int status) {
    return new EgressOutcome(Kind.PROXY_DENIED, Integer.toString(status));
  }

  public static EgressOutcome tls(String reason) {
    return new EgressOutcome(Kind.TLS, reason);
  }

  public static EgressOutcome http(int status) {
    return new EgressOutcome(Kind.HTTP, Integer.toString(status));
  }

  /** An answer that was not a valid HTTP status line: the host still answered. */
  public static EgressOutcome httpError(String error) {
    return new EgressOutcome(Kind.HTTP, error);
  }

  public boolean leak() {
    return kind.leak();
  }

  /**
   * The text of the result column: {@code blocked (dns: nxdomain)}, {@code blocked (refused)},
   * {@code LEAK (tls: untrusted certificate)}, {@code LEAK (http 401)}…
   */
  public String describe() {
    return switch (kind) {
      case DNS_NXDOMAIN, DNS_ERROR -> "blocked (dns: " + detail + ")";
      case REFUSED -> "blocked (refused)";
      case UNREACHABLE -> "blocked (unreachable)";
      case TIMEOUT -> "blocked (timeout)";
      case PROXY_DENIED -> "blocked (proxy: http " + detail + ")";
      case TLS -> "LEAK (tls: " + detail + ")";
      case HTTP ->
          detail.chars().allMatch(Character::isDigit)
              ? "LEAK (http " + detail + ")"
              : "LEAK (http: " + detail + ")";
    };
  }
}
