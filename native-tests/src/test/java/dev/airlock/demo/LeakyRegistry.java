package dev.airlock.demo;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a public registry that the air gap fails to block: an HTTPS server on 127.0.0.1
 * that answers {@code GET /v2/} like Docker Hub does without credentials (401 with a bearer
 * challenge, distribution spec "API version check"). The demo never contacts a real public host.
 */
final class LeakyRegistry implements AutoCloseable {
  private final HttpsServer server;

  private LeakyRegistry(HttpsServer server) {
    this.server = server;
  }

  static LeakyRegistry start(TestPki pki) throws IOException {
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(pki.serverCert("leaky-registry").keyContext(false)));
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}\n"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange
              .getResponseHeaders()
              .add(
                  "Www-Authenticate",
                  "Bearer realm=\"https://127.0.0.1/token\",service=\"registry.docker.io\"");
          exchange.getResponseHeaders().add("Docker-Distribution-Api-Version", "registry/2.0");
          exchange.sendResponseHeaders(401, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new LeakyRegistry(server);
  }

  String origin() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
