package dev.airlock.probe.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback helpers for tests: every address a test uses is 127.0.0.1. */
public final class Loopback {
  private Loopback() {}

  /** A loopback port nothing listens on (bound, then closed). */
  public static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
