package dev.airlock.demo;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.SignedRegistry;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The air-gapped side of the demo: a fresh CA, a real {@code docker-registry} serving TLS on
 * 127.0.0.1 that mirrors {@code us-docker.pkg.dev} and Docker Hub under path prefixes named after
 * them, the node's {@code certs.d} directory routing both upstreams there ({@code override_path},
 * containerd docs/hosts.md), the demo's Cosign key and the policy that trusts it.
 */
final class DemoMirror implements AutoCloseable {
  static final String GAR = "us-docker.pkg.dev";
  static final String DOCKER_HUB = "docker.io";
  static final String RULE = "solo-and-library";

  private final SignedRegistry mirror;
  private final Path policyFile;

  private DemoMirror(SignedRegistry mirror, Path policyFile) {
    this.mirror = mirror;
    this.policyFile = policyFile;
  }

  /** Starts the registry; writes {@code pki/}, {@code certs.d/} and {@code policy.yaml}. */
  static DemoMirror start(Path dir) throws IOException {
    SignedRegistry mirror = SignedRegistry.start(dir);
    Children.record();
    mirror.mirror(GAR, "https://" + GAR, GAR);
    mirror.mirror(DOCKER_HUB, "https://registry-1.docker.io", DOCKER_HUB);
    DemoMirror demo = new DemoMirror(mirror, dir.resolve("policy.yaml"));
    Files.writeString(demo.policyFile, demo.policy());
    return demo;
  }

  private String policy() {
    return "apiVersion: airlock.dev/v1alpha1\n"
        + "kind: AdmissionPolicy\n"
        + "spec:\n"
        + "  unmatchedImages: deny\n"
        + "  unmirroredImages: deny\n"
        + "  rules:\n"
        + "    - name: "
        + RULE
        + "\n      images:\n"
        + "        - \""
        + authority()
        + "/"
        + GAR
        + "/solo-public/**\"\n"
        + "        - \""
        + authority()
        + "/"
        + DOCKER_HUB
        + "/library/**\"\n"
        + "      mode: enforce\n"
        + "      attestors:\n"
        + "        - count: 1\n"
        + "          entries:\n"
        + "            - keys:\n"
        + "                publicKeys: |-\n"
        + mirror.trustedKeyPem().strip().indent(18);
  }

  /** A fresh image at the mirror copy of {@code upstream/path:tag}, signed by the demo key. */
  Digest signed(String upstream, String path, String tag) {
    return mirror.pushSigned(repo(upstream, path), upstream + "/" + path, tag, format(upstream));
  }

  /** A fresh image without any signature. */
  Digest unsigned(String upstream, String path, String tag) {
    return mirror.pushUnsigned(repo(upstream, path), tag, format(upstream));
  }

  /** A fresh image signed by a key the policy does not trust. */
  Digest signedByOtherKey(String upstream, String path, String tag) {
    return mirror.pushSignedByStranger(
        repo(upstream, path), upstream + "/" + path, tag, format(upstream));
  }

  /**
   * A linux/amd64 + linux/arm64 OCI index tagged {@code tag}; the demo key signs the index digest
   * (what {@code cosign sign} does for a multi-arch tag), not the platform manifests.
   */
  Digest signedIndex(String upstream, String path, String tag) {
    return mirror.pushSignedIndex(repo(upstream, path), upstream + "/" + path, tag);
  }

  private static Format format(String upstream) {
    return upstream.equals(DOCKER_HUB) ? Format.DOCKER : Format.OCI;
  }

  /** cosign signs the upstream name it was given; the mirror keeps it under the same path. */
  private static String repo(String upstream, String path) {
    return upstream + "/" + path;
  }

  /** {@code https://127.0.0.1:<port>}. */
  String origin() {
    return mirror.registry().origin().toString();
  }

  String authority() {
    return mirror.registry().authority();
  }

  TestPki pki() {
    return mirror.pki();
  }

  Path caFile() {
    return mirror.registry().caFile();
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
