package dev.airlock.oci.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bearer-token issuer for {@link RegistryServer} token auth (distribution {@code docs/spec/auth/
 * token.md}): an HTTPS server on 127.0.0.1 whose {@code GET /token?service=…&scope=…} answers
 * {@code {"token", "access_token", "expires_in", "issued_at"}} with an ES256 JWT the registry
 * accepts ({@code x5c} header holding a certificate issued by the {@link TestPki} CA, which is the
 * registry's {@code rootcertbundle}). Every requested action is granted.
 *
 * <p>With {@link #requireBasic(String, String)} the issuer demands those Basic credentials (401
 * otherwise). {@link #hits()} counts token requests, so tests can assert token caching.
 */
public final class TokenIssuer implements AutoCloseable {
  public static final String SERVICE = "airlock-test-registry";
  public static final String ISSUER = "airlock-test-issuer";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestPki pki;
  private final TestPki.Issued signer;
  private final HttpsServer server;
  private final AtomicInteger hits = new AtomicInteger();
  private volatile Duration expiresIn = Duration.ofMinutes(5);
  private volatile String basicAuth;

  private TokenIssuer(TestPki pki) throws IOException {
    this.pki = pki;
    this.signer = pki.signingCert("token-signer");
    TestPki.Issued tls = pki.serverCert("token-issuer");
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.keyContext(false)));
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/token", this::handle);
    server.start();
  }

  /** Starts an issuer whose TLS certificate and token-signing certificate come from {@code pki}. */
  public static TokenIssuer start(TestPki pki) {
    try {
      return new TokenIssuer(pki);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Demand these Basic credentials for a token; returns this. */
  public TokenIssuer requireBasic(String user, String password) {
    basicAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The {@code expires_in} to hand out (default 5 minutes); returns this. */
  public TokenIssuer expiresIn(Duration value) {
    expiresIn = value;
    return this;
  }

  /** The realm URL, e.g. {@code https://127.0.0.1:40123/token}. */
  public URI realm() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /** The bundle the registry must trust for token signatures ({@code rootcertbundle}). */
  public java.nio.file.Path rootCertBundle() {
    return pki.caFile();
  }

  /** Number of token requests answered so far (including refused ones). */
  public int hits() {
    return hits.get();
  }

  /** A token for the given scopes ({@code repository:<name>:<actions>}), minted without HTTP. */
  public String mint(List<String> scopes) {
    try {
      Instant now = Instant.now();
      ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256");
      header
          .putArray("x5c")
          .add(Base64.getEncoder().encodeToString(signer.certificate().getEncoded()));
      ObjectNode claims =
          JSON.createObjectNode()
              .put("iss", ISSUER)
              .put("sub", "airlock-test")
              .put("aud", SERVICE)
              .put("exp", now.plus(expiresIn).getEpochSecond())
              .put("nbf", now.minusSeconds(60).getEpochSecond())
              .put("iat", now.getEpochSecond())
              .put("jti", UUID.randomUUID().toString());
      ArrayNode access = claims.putArray("access");
      for (String scope : scopes) {
        String[] parts = scope.split(":");
        if (parts.length < 3) {
          continue;
        }
        ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
        ArrayNode actions = entry.putArray("actions");
        for (String action : parts[2].split(",")) {
          actions.add(action);
        }
      }
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String input =
          b64.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
      es256.initSign(signer.key());
      es256.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(es256.sign());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    hits.incrementAndGet();
    try (exchange) {
      String expected = basicAuth;
      String given = exchange.getRequestHeaders().getFirst("Authorization");
      if (expected != null && !expected.equals(given)) {
        byte[] body =
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      String token = mint(scopes(exchange.getRequestURI().getRawQuery()));
      ObjectNode answer =
          JSON.createObjectNode()
              .put("token", token)
              .put("access_token", token)
              .put("expires_in", expiresIn.toSeconds())
              .put("issued_at", Instant.now().toString());
      byte[] body = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static List<String> scopes(String rawQuery) {
    List<String> scopes = new ArrayList<>();
    Optional.ofNullable(rawQuery).stream()
        .flatMap(q -> List.of(q.split("&")).stream())
        .filter(p -> p.startsWith("scope="))
        .map(p -> URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8))
        .forEach(s -> scopes.addAll(List.of(s.split(" "))));
    return scopes;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
