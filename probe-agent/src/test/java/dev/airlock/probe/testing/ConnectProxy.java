package dev.airlock.probe.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1 for tests: tunnels to loopback targets when allowed,
 * else answers 403. Records the CONNECT request lines it saw.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final boolean allow;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public ConnectProxy(boolean allow) throws IOException {
    this.allow = allow;
    this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "test-connect-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread handler = new Thread(() -> handle(client), "test-connect-proxy-client");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String requestLine = readLine(in);
      while (!readLine(in).isEmpty()) {
        // skip headers
      }
      requests.add(requestLine);
      OutputStream out = client.getOutputStream();
      String[] parts = requestLine.split(" ");
      String[] hostPort = parts[1].split(":");
      if (!allow || !parts[0].equals("CONNECT") || !hostPort[0].equals("127.0.0.1")) {
        out.write(
            "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      try (Socket upstream =
          new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(hostPort[1]))) {
        out.write(
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread back =
            new Thread(
                () -> {
                  try {
                    upstream.getInputStream().transferTo(out);
                  } catch (IOException e) {
                    // tunnel closed
                  }
                });
        back.setDaemon(true);
        back.start();
        in.transferTo(upstream.getOutputStream());
      }
    } catch (IOException e) {
      // client gone
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
