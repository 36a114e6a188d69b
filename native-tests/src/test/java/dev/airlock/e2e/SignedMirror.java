package dev.airlock.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.SignedRegistry;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The world around the webhook in one air-gapped cluster: a real {@code docker-registry} (TLS from
 * a test CA) that mirrors {@value #UPSTREAM} under {@code /v2/}{@value #PREFIX} and Docker Hub
 * under {@code /v2/}{@value #DOCKER_HUB_PREFIX}, the node's {@code certs.d} directory that routes
 * both upstreams to it ({@code override_path}, containerd docs/hosts.md), a Cosign key pair, and a
 * policy whose one enforcing rule covers both mirror locations with that key. Images are pushed and
 * signed through the registry API.
 */
final class SignedMirror implements AutoCloseable {
  /** The upstream registry pods name; nothing ever contacts it. */
  static final String UPSTREAM = "registry.example.com";

  /** The path under which the mirror keeps {@value #UPSTREAM}'s repositories. */
  static final String PREFIX = "example";

  /** The path under which the mirror keeps Docker Hub's repositories. */
  static final String DOCKER_HUB_PREFIX = "dockerhub";

  static final String RULE = "example";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SignedRegistry mirror;
  private final RegistryServer registry;
  private final Path policyFile;

  private SignedMirror(SignedRegistry mirror, Path policyFile) {
    this.mirror = mirror;
    this.registry = mirror.registry();
    this.policyFile = policyFile;
  }

  /** Starts the registry and writes {@code certs.d/} and {@code policy.yaml} under {@code dir}. */
  static SignedMirror start(Path dir) throws IOException {
    SignedRegistry mirror = SignedRegistry.start(dir);
    try {
      mirror.mirror(UPSTREAM, "https://" + UPSTREAM, PREFIX);
      mirror.mirror("docker.io", "https://registry-1.docker.io", DOCKER_HUB_PREFIX);
      SignedMirror e2e = new SignedMirror(mirror, dir.resolve("policy.yaml"));
      Files.writeString(e2e.policyFile, e2e.policy());
      return e2e;
    } catch (IOException | RuntimeException e) {
      mirror.close();
      throw e;
    }
  }

  private String policy() {
    return "apiVersion: airlock.dev/v1alpha1\n"
        + "kind: AdmissionPolicy\n"
        + "spec:\n"
        + "  rules:\n"
        + "    - name: "
        + RULE
        + "\n      images: [\""
        + registry.authority()
        + "/"
        + PREFIX
        + "/**\", \""
        + registry.authority()
        + "/"
        + DOCKER_HUB_PREFIX
        + "/**\"]\n"
        + "      attestors:\n"
        + "        - entries:\n"
        + "            - keys:\n"
        + "                publicKeys: |-\n"
        + mirror.trustedKeyPem().strip().indent(18);
  }

  /** A fresh random image at {@code path:tag}, signed with the policy's key. */
  Digest pushSigned(String path, String tag) {
    return mirror.pushSigned(repo(path), UPSTREAM + "/" + path, tag, RegistryPusher.Format.OCI);
  }

  /** A fresh random image at {@code path:tag} without any signature. */
  Digest pushUnsigned(String path, String tag) {
    return mirror.pushUnsigned(repo(path), tag, RegistryPusher.Format.OCI);
  }

  /** A fresh random image at {@code path:tag}, signed by a key the policy does not trust. */
  Digest pushSignedByStranger(String path, String tag) {
    return mirror.pushSignedByStranger(
        repo(path), UPSTREAM + "/" + path, tag, RegistryPusher.Format.OCI);
  }

  /**
   * An image whose bytes depend only on {@code path} (so its digest is constant and can be written
   * into test data), tagged {@code tag} and signed.
   */
  Digest pushFixedSigned(String path, String tag) {
    RegistryPusher push = registry.pusher();
    byte[] layer = ("airlock e2e image " + path + "\n").getBytes(StandardCharsets.UTF_8);
    Digest layerDigest = push.blob(repo(path), layer);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\""
                + layerDigest
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    Digest configDigest = push.blob(repo(path), config);
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    m.putObject("config")
        .put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("digest", configDigest.toString())
        .put("size", config.length);
    m.putArray("layers")
        .addObject()
        .put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
        .put("digest", layerDigest.toString())
        .put("size", layer.length);
    Digest digest =
        push.manifest(
                repo(path),
                tag,
                MediaTypes.OCI_MANIFEST,
                m.toString().getBytes(StandardCharsets.UTF_8))
            .digest();
    mirror.sign(repo(path), UPSTREAM + "/" + path, digest);
    return digest;
  }

  /**
   * A fresh random image of Docker Hub's {@code repository} (e.g. {@code library/redis}) at the
   * mirror, signed with the policy's key under its normalised upstream name.
   */
  Digest pushSignedDockerHub(String repository, String tag) {
    String repo = DOCKER_HUB_PREFIX + "/" + repository;
    Digest digest = registry.pusher().image(repo, tag, RegistryPusher.Format.DOCKER).digest();
    mirror.sign(repo, "docker.io/" + repository, digest);
    return digest;
  }

  private static String repo(String path) {
    return PREFIX + "/" + path;
  }

  /** The mirror location of {@code UPSTREAM/path}: {@code 127.0.0.1:<port>/example/<path>}. */
  String mirrorLocation(String path) {
    return registry.authority() + "/" + repo(path);
  }

  RegistryServer registry() {
    return registry;
  }

  TestPki pki() {
    return mirror.pki();
  }

  Path hostsDir() {
    return mirror.hostsDir();
  }

  Path policyFile() {
    return policyFile;
  }

  @Override
  public void close() {
    mirror.close();
  }
}
