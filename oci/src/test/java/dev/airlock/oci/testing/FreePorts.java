package dev.airlock.oci.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The one free-port helper of every module's tests: a port of 127.0.0.1 that was free a moment ago
 * (bound, then closed, so nothing listens on it). A test may use it as a port that refuses
 * connections, or hand it to a server it starts; another process can take it in between, so a
 * launcher that binds it retries with a new one when the port is taken ({@link RegistryServer},
 * {@code ServedApp}).
 */
public final class FreePorts {
  private FreePorts() {}

  public static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
