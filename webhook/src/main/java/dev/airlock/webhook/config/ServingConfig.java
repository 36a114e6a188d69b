package dev.airlock.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Who may call the HTTPS port ({@code /mutate}, {@code /validate}). Health and metrics are on the
 * separate plain management port ({@code quarkus.management.port}).
 */
@ConfigMapping(prefix = "airlock.serving")
public interface ServingConfig {

  /** Whether callers must present a client certificate. */
  enum ClientAuth {
    /** Any TLS client may call (kube-apiserver is then told apart only by the network). */
    NONE,
    /**
     * A client certificate issued by a CA of {@code quarkus.http.ssl.certificate.trust-store-files}
     * is required (kube-apiserver's admission {@code kubeConfigFile} client certificate); without
     * one the webhook answers 401. The webhook refuses to start when no trust store is set.
     */
    REQUIRED
  }

  /**
   * {@code none} or {@code required} ({@code AIRLOCK_SERVING_CLIENT_AUTH}). {@code
   * quarkus.http.ssl.client-auth=required} set at run time means the same (Quarkus fixes that key
   * at build time, where it is {@code request}).
   */
  @WithDefault("none")
  ClientAuth clientAuth();

  /**
   * With {@code client-auth=required}: the names (certificate common name or DNS subject
   * alternative name) a client certificate must carry, e.g. {@code kube-apiserver}; absent: any
   * certificate the trust store accepts.
   */
  Optional<List<String>> clientNames();
}
