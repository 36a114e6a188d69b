package dev.airlock.oci.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Sends only the head of a {@code POST} that announces a body of {@code Content-Length} bytes, and
 * returns the status line the server answers with, without ever writing the body: proves that a
 * server refuses by length before reading. The JDK 17 {@code HttpClient} cannot test this: with
 * {@code expectContinue} it waits forever (its request timeout included) when the server answers a
 * final status instead of {@code 100 Continue}.
 */
public final class HeadOnlyPost {
  private HeadOnlyPost() {}

  /** The status line, read for at most 30 s, from {@code 127.0.0.1:port} over TLS. */
  public static String statusLine(SSLContext tls, int port, String path, long contentLength)
      throws IOException {
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + contentLength
              + "\r\nExpect: 100-continue\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String line = in.readLine();
      return line == null ? "(connection closed without an answer)" : line;
    }
  }
}
