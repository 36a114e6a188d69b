package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.ClientCertificate;
import dev.airlock.oci.mirror.HostEndpoint;
import dev.airlock.oci.registry.RegistryException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;

/**
 * One {@link Transport} per distinct TLS setup (extra CAs, client certificates, {@code
 * skip_verify}, connect timeout), built on first use and reused. All transports offer TLS 1.3 and
 * 1.2 only; {@link HttpCall} speaks HTTP/1.1 over them and follows no redirect itself (the caller
 * does, dropping credentials when the host changes).
 */
final class TlsClients {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private record Key(
      List<Path> caFiles,
      List<ClientCertificate> clientCertificates,
      boolean skipVerify,
      Duration connectTimeout) {}

  private final Map<Key, Transport> clients = new ConcurrentHashMap<>();
  private final Duration defaultConnectTimeout;

  static {
    // The JDK keeps at most this many idle connections per origin (default 5): admissions check
    // many images at one mirror at once, so keep more, unless the operator set it.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "32");
    }
  }

  TlsClients(Duration defaultConnectTimeout) {
    this.defaultConnectTimeout = defaultConnectTimeout;
  }

  /** The client for {@code host}; a CA or key file that cannot be used is a TLS error. */
  Transport clientFor(HostEndpoint host) throws RegistryException {
    Key key =
        new Key(
            List.copyOf(host.caFiles()),
            List.copyOf(host.clientCertificates()),
            host.skipVerify(),
            host.dialTimeout().orElse(defaultConnectTimeout));
    Transport client = clients.get(key);
    if (client != null) {
      return client;
    }
    synchronized (clients) {
      client = clients.get(key);
      if (client == null) {
        client = build(key, host);
        clients.put(key, client);
      }
      return client;
    }
  }

  private static Transport build(Key key, HostEndpoint host) throws RegistryException {
    SSLContext context;
    try {
      context = TlsMaterial.context(key.caFiles(), key.clientCertificates(), key.skipVerify());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new RegistryException(
          RegistryException.Kind.TLS,
          host.origin(),
          "TLS material for " + host.authority() + " cannot be loaded: " + e.getMessage(),
          e);
    }
    return new Transport(
        Transport.offering(context.getSocketFactory(), PROTOCOLS),
        key.skipVerify()
            ? Optional.<HostnameVerifier>of((name, session) -> true)
            : Optional.empty(),
        key.connectTimeout());
  }
}
