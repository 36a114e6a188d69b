package dev.airlock.probe.ops;

import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real {@code docker-registry} over TLS as the mirror of docker.io, behind a certs.d directory as
 * the nodes have it: {@code docker.io/hosts.toml} with {@code [host."https://127.0.0.1:<port>/v2/
 * dockerhub"] override_path = true} and the registry's CA. {@link #start()} sets the system
 * property {@code airlock.mirror.hosts-dir}, which the commands launched in-process read (a Quarkus
 * test resource would run in another class loader than the test's pusher).
 */
final class MirrorRegistry {
  static final String HOSTS_DIR = "airlock.mirror.hosts-dir";
  static RegistryServer registry;
  static TestPki pki;
  static Path work;

  private MirrorRegistry() {}

  static void start() {
    try {
      work = Files.createTempDirectory("airlock-ops-it");
      pki = TestPki.create(work.resolve("pki"));
      registry = RegistryServer.builder(pki, work.resolve("registry")).start();
      Path hosts = work.resolve("certs.d");
      Path dockerHub = hosts.resolve("docker.io").resolve("hosts.toml");
      Files.createDirectories(dockerHub.getParent());
      Files.writeString(
          dockerHub,
          "[host.\"https://"
              + registry.authority()
              + "/v2/dockerhub\"]\n"
              + "  capabilities = [\"pull\", \"resolve\"]\n"
              + "  override_path = true\n"
              + "  ca = \""
              + registry.caFile()
              + "\"\n");
      System.setProperty(HOSTS_DIR, hosts.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void stop() {
    System.clearProperty(HOSTS_DIR);
    if (registry != null) {
      registry.close();
    }
  }

  static RegistryPusher push() {
    return registry.pusher();
  }

  /** {@code 127.0.0.1:<port>/dockerhub/<repository>}. */
  static String location(String repository) {
    return registry.authority() + "/dockerhub/" + repository;
  }

  /** Deletes a blob from a repository (distribution spec "Deleting Blobs"). */
  static void deleteBlob(String repository, String digest) throws Exception {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .sslContext(pki.clientContext())
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(registry.origin() + "/v2/" + repository + "/blobs/" + digest))
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "DELETE blob " + digest + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }
}
