package dev.airlock.oci.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real CNCF distribution registry ({@code docker-registry} 2.8, Debian package) started by a test
 * on {@code 127.0.0.1:<free port>} with HTTPS from a {@link TestPki}, filesystem storage in a
 * directory of the test, and deletes enabled.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.builder(pki, tempDir).basicAuth("u", "p").start()) {
 *   RegistryPusher push = registry.pusher();
 *   RegistryPusher.Pushed image = push.image("library/redis", "7.2", RegistryPusher.Format.OCI);
 *   ... registry.authority() ...   // "127.0.0.1:41234"
 *   List<RegistryRequest> seen = registry.requestsSoFar();
 * }
 * }</pre>
 *
 * <p>Options: {@link Builder#basicAuth} (htpasswd, bcrypt), {@link Builder#tokenAuth} (bearer
 * tokens from a {@link TokenIssuer}), {@link Builder#clientCa} (mutual TLS: client certificates
 * from that CA required), {@link Builder#plainHttp} (no TLS). {@link #requestsSoFar()} returns the
 * requests the registry logged (method, path, query, Host), in completion order; requests to paths
 * that are no API route of distribution 2.8 (e.g. {@code /v2/<name>/referrers/…}) get a 404 from
 * its router and are not logged. Without {@code docker-registry} on PATH, {@link Builder#start()}
 * throws with a message saying what to install.
 */
public final class RegistryServer implements AutoCloseable {
  private static final String MARKER_REPO = "airlock-log-marker";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Builder spec;
  private final int port;
  private final Path config;
  private volatile Process process;
  private volatile RegistryLog log = new RegistryLog();

  /** Starts configuring a registry that serves TLS with a certificate from {@code pki}. */
  public static Builder builder(TestPki pki, Path workDir) {
    return new Builder(pki, workDir);
  }

  /** Settings of a registry to start. */
  public static final class Builder {
    private final TestPki pki;
    private final Path workDir;
    private String user;
    private String password;
    private TokenIssuer issuer;
    private TestPki clientAuthority;
    private boolean plainHttp;

    private Builder(TestPki pki, Path workDir) {
      this.pki = pki;
      this.workDir = workDir;
    }

    /** htpasswd basic auth with one user (bcrypt hash). */
    public Builder basicAuth(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /** Bearer token auth: realm, service, issuer and root bundle from {@code issuer}. */
    public Builder tokenAuth(TokenIssuer issuer) {
      this.issuer = issuer;
      return this;
    }

    /** Require client certificates issued by {@code clientAuthority}'s CA (mutual TLS). */
    public Builder clientCa(TestPki clientAuthority) {
      this.clientAuthority = clientAuthority;
      return this;
    }

    /** Serve plain HTTP instead of HTTPS. */
    public Builder plainHttp() {
      this.plainHttp = true;
      return this;
    }

    public RegistryServer start() {
      Programs.require(
          "docker-registry",
          "the integration tests need CNCF distribution 2.8 — install the Debian package"
              + " (apt-get update && apt-get install -y docker-registry)");
      IOException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          return new RegistryServer(this, FreePorts.next());
        } catch (PortTakenException e) {
          last = e;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      throw new UncheckedIOException("docker-registry could not bind a free port", last);
    }
  }

  private static final class PortTakenException extends IOException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }

  private RegistryServer(Builder spec, int port) throws IOException {
    this.spec = spec;
    this.port = port;
    Path dir = Files.createDirectories(spec.workDir.resolve("registry-" + port));
    this.config = dir.resolve("config.yml");
    Files.writeString(config, config(dir));
    launch();
  }

  /** Starts {@code docker-registry serve config.yml} and waits for "listening on". */
  private void launch() throws IOException {
    Path dir = config.getParent();
    process =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .directory(dir.toFile())
            .start();
    log.attach(process.getInputStream(), "docker-registry-" + port + "-stdout");
    log.attach(process.getErrorStream(), "docker-registry-" + port + "-stderr");
    long end = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      // Wait for "listening on", but stop early when the process exits (bad config, port taken).
      boolean up = false;
      while (!up && process.isAlive() && System.nanoTime() < end) {
        up = log.awaitListening(100);
      }
      if (!up || !process.isAlive()) {
        boolean exited = !process.isAlive();
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        String text = log.text();
        if (text.contains("address already in use")) {
          throw new PortTakenException(text);
        }
        throw new IllegalStateException(
            "docker-registry did not start ("
                + (exited
                    ? "exited"
                    : "no 'listening on' within " + START_TIMEOUT.toSeconds() + " s")
                + "); its output:\n"
                + text);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while starting docker-registry", e);
    }
  }

  private String config(Path dir) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("version: 0.1\n");
    y.append("log:\n  level: info\n  formatter: json\n  accesslog:\n    disabled: true\n");
    y.append("storage:\n  filesystem:\n    rootdirectory: ")
        .append(quote(Files.createDirectories(dir.resolve("data")).toString()))
        .append("\n  delete:\n    enabled: true\n");
    y.append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
    y.append("  secret: ").append(UUID.randomUUID()).append('\n');
    if (!spec.plainHttp) {
      TestPki.Issued cert = spec.pki.serverCert("registry-" + port);
      y.append("  tls:\n    certificate: ").append(quote(cert.certFile().toString()));
      y.append("\n    key: ").append(quote(cert.keyFile().toString())).append('\n');
      if (spec.clientAuthority != null) {
        y.append("    clientcas:\n      - ")
            .append(quote(spec.clientAuthority.caFile().toString()))
            .append('\n');
      }
    }
    if (spec.user != null) {
      Path htpasswd = dir.resolve("htpasswd");
      String hash =
          OpenBSDBCrypt.generate(
              "2a", spec.password.toCharArray(), java.security.SecureRandom.getSeed(16), 5);
      Files.writeString(htpasswd, spec.user + ":" + hash + "\n");
      y.append("auth:\n  htpasswd:\n    realm: airlock-test\n    path: ")
          .append(quote(htpasswd.toString()))
          .append('\n');
    } else if (spec.issuer != null) {
      y.append("auth:\n  token:\n    realm: ").append(quote(spec.issuer.realm().toString()));
      y.append("\n    service: ").append(TokenIssuer.SERVICE);
      y.append("\n    issuer: ").append(TokenIssuer.ISSUER);
      y.append("\n    rootcertbundle: ").append(quote(spec.issuer.rootCertBundle().toString()));
      y.append('\n');
    }
    return y.toString();
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** {@code 127.0.0.1:<port>}. */
  public String authority() {
    return "127.0.0.1:" + port;
  }

  /** The registry's operating-system process id (for CPU readings from /proc). */
  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  /** {@code https://127.0.0.1:<port>} (or {@code http://} with {@link Builder#plainHttp}). */
  public URI origin() {
    return URI.create((spec.plainHttp ? "http" : "https") + "://" + authority());
  }

  /** The CA that signed the registry's certificate, for {@code ca = …} in hosts.toml. */
  public Path caFile() {
    return spec.pki.caFile();
  }

  /** Everything the process wrote so far (for failure messages). */
  public String output() {
    return log.text();
  }

  /**
   * The requests the registry has logged, after making sure every request answered before this call
   * is in the log: a marker request is sent and awaited, and left out of the result.
   */
  public List<RegistryRequest> requestsSoFar() {
    String marker = UUID.randomUUID().toString();
    String path = "/v2/" + MARKER_REPO + "/tags/list";
    try {
      HttpClient client = HttpClient.newBuilder().sslContext(markerTls()).build();
      client.send(
          HttpRequest.newBuilder(URI.create(origin() + path + "?marker=" + marker))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException("marker request to " + origin() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (log.requests().stream().noneMatch(r -> r.query().equals("marker=" + marker))) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("marker request never logged; output:\n" + output());
      }
      Programs.sleep(20);
    }
    return withoutMarkers();
  }

  private javax.net.ssl.SSLContext markerTls() {
    if (spec.clientAuthority == null) {
      return spec.pki.clientContext();
    }
    return spec.pki.context(spec.clientAuthority.clientCert("marker-" + port), true);
  }

  /** Forgets the requests logged so far. */
  public void clearRequests() {
    requestsSoFar();
    log.clearRequests();
  }

  private List<RegistryRequest> withoutMarkers() {
    List<RegistryRequest> out = new ArrayList<>();
    for (RegistryRequest r : log.requests()) {
      if (!r.path().startsWith("/v2/" + MARKER_REPO + "/")) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * A pusher authorised for this registry: basic credentials, a token minted by the issuer, or
   * none; with mutual TLS, presenting {@code client}.
   */
  public RegistryPusher pusher(Optional<TestPki.Issued> client) {
    Function<String, Optional<String>> auth = repo -> Optional.empty();
    if (spec.user != null) {
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (spec.user + ":" + spec.password).getBytes(StandardCharsets.UTF_8));
      auth = repo -> Optional.of(basic);
    } else if (spec.issuer != null) {
      TokenIssuer issuer = spec.issuer;
      auth =
          repo ->
              Optional.of("Bearer " + issuer.mint(List.of("repository:" + repo + ":pull,push")));
    }
    javax.net.ssl.SSLContext tls =
        client.map(c -> spec.pki.context(c, true)).orElseGet(spec.pki::clientContext);
    return new RegistryPusher(origin(), tls, auth);
  }

  /** {@link #pusher(Optional)} without a client certificate. */
  public RegistryPusher pusher() {
    return pusher(Optional.empty());
  }

  /**
   * Stops the registry (SIGTERM, as a rolling restart does) and starts it again on the same port
   * with the same storage and certificate; returns when it listens again. The request log starts
   * empty.
   */
  public void restart() {
    close();
    log = new RegistryLog();
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException("docker-registry did not start again on " + authority(), e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
