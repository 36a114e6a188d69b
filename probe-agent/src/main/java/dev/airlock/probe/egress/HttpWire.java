package dev.airlock.probe.egress;

import dev.airlock.oci.registry.Deadline;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLException;

/**
 * The HTTP/1.1 the probe speaks on its own sockets (RFC 9112): a CONNECT to a proxy and one {@code
 * GET}, reading only status lines and headers. Written by hand because the steps run on a socket
 * the prober connected itself, which {@code java.net.http} cannot take.
 */
final class HttpWire {
  private static final int MAX_LINE = 8192;

  private HttpWire() {}

  /**
   * CONNECT through an HTTP proxy (RFC 9110 section 9.3.6); the proxy's status, or -1 when it did
   * not answer before the deadline.
   */
  static int connectThroughProxy(Socket socket, EgressTarget target, URI proxy, Deadline deadline) {
    StringBuilder request = new StringBuilder();
    String authority = target.host() + ":" + target.port();
    request.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(authority).append("\r\n");
    if (proxy.getRawUserInfo() != null) {
      String credentials =
          Base64.getEncoder().encodeToString(proxy.getUserInfo().getBytes(StandardCharsets.UTF_8));
      request.append("Proxy-Authorization: Basic ").append(credentials).append("\r\n");
    }
    request.append("\r\n");
    try {
      socket.setSoTimeout(millis(deadline));
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      int status = statusCode(readLine(in));
      while (!readLine(in).isEmpty()) {
        socket.setSoTimeout(millis(deadline));
      }
      return status;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Step 4: {@code GET /v2/}; any status line is a leak, and so is a broken answer. */
  static EgressOutcome get(Socket channel, EgressTarget target, Deadline deadline) {
    String request =
        "GET "
            + target.probeUrl().getRawPath()
            + " HTTP/1.1\r\nHost: "
            + target.authority()
            + "\r\nUser-Agent: airlock-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    try {
      channel.setSoTimeout(millis(deadline));
      OutputStream out = channel.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = readLine(channel.getInputStream());
      int status = statusCode(statusLine);
      return status < 0
          ? EgressOutcome.httpError("invalid status line")
          : EgressOutcome.http(status);
    } catch (SocketTimeoutException e) {
      return EgressOutcome.httpError("no answer before the timeout");
    } catch (SSLException e) {
      return deadline.expired()
          ? EgressOutcome.httpError("no answer before the timeout")
          : EgressOutcome.tls(TlsFailure.reason(e));
    } catch (IOException e) {
      return deadline.expired()
          ? EgressOutcome.httpError("no answer before the timeout")
          : EgressOutcome.httpError(String.valueOf(e.getMessage()));
    } finally {
      closeQuietly(channel);
    }
  }

  /** {@code HTTP/1.1 401 Unauthorized} → 401; -1 when the line is not a status line. */
  private static int statusCode(String line) {
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
      return -1;
    }
    return Integer.parseInt(parts[1]);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (line.length() >= MAX_LINE) {
        throw new IOException("line longer than " + MAX_LINE + " bytes");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (c == -1 && line.length() == 0) {
      throw new EOFException("connection closed without an answer");
    }
    return line.toString();
  }

  static int millis(Deadline deadline) throws SocketTimeoutException {
    long left = deadline.remaining().toMillis();
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do: the probe's answer is already known
    }
  }
}
