package dev.airlock.demo;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.testing.CosignSigner;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.PlatformImage;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

  private final TestPki pki;
  private final RegistryServer registry;
  private final CosignSigner demoKey = CosignSigner.generate();
  private final CosignSigner otherKey = CosignSigner.generate();
  private final Path hostsDir;
  private final Path policyFile;

  private DemoMirror(TestPki pki, RegistryServer registry, Path hostsDir, Path policyFile) {
    this.pki = pki;
    this.registry = registry;
    this.hostsDir = hostsDir;
    this.policyFile = policyFile;
  }

  /** Starts the registry; writes {@code pki/}, {@code certs.d/} and {@code policy.yaml}. */
  static DemoMirror start(Path dir) throws IOException {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    RegistryServer registry = RegistryServer.builder(pki, dir.resolve("registry")).start();
    Children.record();
    Path hostsDir = Files.createDirectories(dir.resolve("certs.d"));
    DemoMirror mirror = new DemoMirror(pki, registry, hostsDir, dir.resolve("policy.yaml"));
    mirror.hostsToml(GAR, "https://" + GAR);
    mirror.hostsToml(DOCKER_HUB, "https://registry-1.docker.io");
    Files.writeString(mirror.policyFile, mirror.policy());
    return mirror;
  }

  /**
   * {@code certs.d/<upstream>/hosts.toml} as on a node: the mirror keeps the upstream's
   * repositories under {@code /v2/<upstream>}; {@code server} names the public registry, which
   * airlock never contacts because a {@code [host]} entry exists.
   */
  private void hostsToml(String upstream, String server) throws IOException {
    Path dir = Files.createDirectories(hostsDir.resolve(upstream));
    Files.writeString(
        dir.resolve("hosts.toml"),
        "server = \""
            + server
            + "\"\n\n[host.\""
            + registry.origin()
            + "/v2/"
            + upstream
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n  override_path = true\n  ca = \""
            + registry.caFile()
            + "\"\n");
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
        + registry.authority()
        + "/"
        + GAR
        + "/solo-public/**\"\n"
        + "        - \""
        + registry.authority()
        + "/"
        + DOCKER_HUB
        + "/library/**\"\n"
        + "      mode: enforce\n"
        + "      attestors:\n"
        + "        - count: 1\n"
        + "          entries:\n"
        + "            - keys:\n"
        + "                publicKeys: |-\n"
        + demoKey.publicKeyPem().strip().indent(18);
  }

  /** A fresh image at the mirror copy of {@code upstream/path:tag}, signed by the demo key. */
  Digest signed(String upstream, String path, String tag) {
    Digest digest = unsigned(upstream, path, tag);
    sign(demoKey, upstream, path, digest);
    return digest;
  }

  /** A fresh image without any signature. */
  Digest unsigned(String upstream, String path, String tag) {
    Format format = upstream.equals(DOCKER_HUB) ? Format.DOCKER : Format.OCI;
    return push().image(repo(upstream, path), tag, format).digest();
  }

  /** A fresh image signed by a key the policy does not trust. */
  Digest signedByOtherKey(String upstream, String path, String tag) {
    Digest digest = unsigned(upstream, path, tag);
    sign(otherKey, upstream, path, digest);
    return digest;
  }

  /**
   * A linux/amd64 + linux/arm64 OCI index tagged {@code tag}; the demo key signs the index digest
   * (what {@code cosign sign} does for a multi-arch tag), not the platform manifests.
   */
  Digest signedIndex(String upstream, String path, String tag) {
    String repo = repo(upstream, path);
    RegistryPusher.Pushed amd64 = push().image(repo, tag + "-amd64", Format.OCI);
    RegistryPusher.Pushed arm64 = push().image(repo, tag + "-arm64", Format.OCI);
    Digest index =
        push()
            .index(
                repo,
                tag,
                List.of(
                    new PlatformImage("linux/amd64", amd64),
                    new PlatformImage("linux/arm64", arm64)))
            .digest();
    sign(demoKey, upstream, path, index);
    return index;
  }

  /** cosign signs the upstream name it was given; the signature travels with the image. */
  private void sign(CosignSigner key, String upstream, String path, Digest digest) {
    key.sign(push(), repo(upstream, path), upstream + "/" + path, digest);
  }

  private RegistryPusher push() {
    return registry.pusher();
  }

  private static String repo(String upstream, String path) {
    return upstream + "/" + path;
  }

  /** {@code https://127.0.0.1:<port>}. */
  String origin() {
    return registry.origin().toString();
  }

  String authority() {
    return registry.authority();
  }

  TestPki pki() {
    return pki;
  }

  Path caFile() {
    return registry.caFile();
  }

  Path hostsDir() {
    return hostsDir;
  }

  Path policyFile() {
    return policyFile;
  }

  @Override
  public void close() {
    registry.close();
  }
}
