package dev.airlock.oci.registry.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * How {@link HttpCall} reaches the endpoints of one TLS setup: a socket factory that offers TLS 1.3
 * and 1.2 only, the hostname check ({@code skip_verify} accepts any name; otherwise the JDK's RFC
 * 2818 check in the trust manager), and the connect timeout. The JDK keeps idle connections per
 * origin and socket factory, so one {@code Transport} per setup is also one connection pool.
 *
 * @param hostnames empty for the JDK's own check
 */
record Transport(
    SSLSocketFactory sockets, Optional<HostnameVerifier> hostnames, Duration connectTimeout) {

  /** {@code delegate}'s sockets with only {@code protocols} enabled. */
  static SSLSocketFactory offering(SSLSocketFactory delegate, String[] protocols) {
    return new SSLSocketFactory() {
      private Socket limited(Socket socket) {
        if (socket instanceof SSLSocket tls) {
          tls.setEnabledProtocols(protocols);
        }
        return socket;
      }

      @Override
      public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
      }

      @Override
      public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
      }

      @Override
      public Socket createSocket() throws IOException {
        return limited(delegate.createSocket());
      }

      @Override
      public Socket createSocket(Socket s, String host, int port, boolean autoClose)
          throws IOException {
        return limited(delegate.createSocket(s, host, port, autoClose));
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        return limited(delegate.createSocket(host, port));
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress local, int localPort)
          throws IOException {
        return limited(delegate.createSocket(host, port, local, localPort));
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        return limited(delegate.createSocket(host, port));
      }

      @Override
      public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
          throws IOException {
        return limited(delegate.createSocket(address, port, local, localPort));
      }
    };
  }
}
