package dev.airlock.probe.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose connects time out: a listening socket that never accepts, with its accept
 * queue filled so that the kernel drops further SYNs (Linux {@code tcp_conn_request} drops a SYN
 * when the accept queue is full) — what a firewall's DROP looks like to the prober.
 */
public final class Blackhole implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> fillers = new ArrayList<>();

  public Blackhole() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    for (int i = 0; i < 64; i++) {
      Socket filler = new Socket();
      try {
        filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 300);
        fillers.add(filler);
      } catch (SocketTimeoutException e) {
        filler.close();
        return;
      }
    }
    close();
    throw new IllegalStateException("the accept queue never filled: connects still succeed");
  }

  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (Socket filler : fillers) {
      filler.close();
    }
    server.close();
  }
}
