package dev.airlock.probe.lint;

/**
 * The checks {@code lint-node} runs; {@link #id()} is the {@code check} column and the {@code
 * check} label of {@code airlock_node_config_ok}.
 */
public enum LintCheck {
  /** containerd reads {@code certs.d} ({@code config_path} set in the layout of its version). */
  CONFIG_PATH("config_path"),
  /** Every checked upstream registry has a {@code hosts.toml} naming a mirror. */
  HOSTS_FILE("hosts_file"),
  /** No host or registry config disables TLS verification. */
  SKIP_VERIFY("skip_verify"),
  /** CA files exist, hold certificates and do not expire within 30 days. */
  CA_FILE("ca_file"),
  /** A file holding registry credentials is mode 0600 and owned by root. */
  CREDENTIALS_FILE("credentials_file"),
  /** containerd may fall back to the public upstream when the mirror fails. */
  UPSTREAM_FALLBACK("upstream_fallback");

  private final String id;

  LintCheck(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
