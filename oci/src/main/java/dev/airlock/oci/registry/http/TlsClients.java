package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.ClientCertificate;
import dev.airlock.oci.mirror.HostEndpoint;
import dev.airlock.oci.registry.RegistryException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * One {@link HttpClient} per distinct TLS setup (extra CAs, client certificates, {@code
 * skip_verify}, connect timeout), built on first use and reused. All clients speak HTTP/1.1, offer
 * TLS 1.3 and 1.2 only, and follow no redirects (the caller does, dropping credentials when the
 * host changes).
 */
final class TlsClients {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private record Key(
      List<Path> caFiles,
      List<ClientCertificate> clientCertificates,
      boolean skipVerify,
      Duration connectTimeout) {}

  private final Map<Key, HttpClient> clients = new ConcurrentHashMap<>();
  private final Duration defaultConnectTimeout;

  TlsClients(Duration defaultConnectTimeout) {
    this.defaultConnectTimeout = defaultConnectTimeout;
  }

  /** The client for {@code host}; a CA or key file that cannot be used is a TLS error. */
  HttpClient clientFor(HostEndpoint host) throws RegistryException {
    Key key =
        new Key(
            List.copyOf(host.caFiles()),
            List.copyOf(host.clientCertificates()),
            host.skipVerify(),
            host.dialTimeout().orElse(defaultConnectTimeout));
    HttpClient client = clients.get(key);
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

  private static HttpClient build(Key key, HostEndpoint host) throws RegistryException {
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
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS);
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(key.connectTimeout())
        .sslContext(context)
        .sslParameters(parameters)
        .build();
  }
}
