package dev.airlock.oci.testing;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.PlatformImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one signed mirror on the real registry for the black-box tests, the demo and the benches: a
 * fresh CA ({@code pki/}), a {@code docker-registry} serving TLS on 127.0.0.1 ({@code registry/}),
 * the node's {@code certs.d/} directory routing upstream registries to it ({@link #mirror}), a
 * Cosign key the policy trusts and one it does not, and images pushed and signed through the
 * registry API. Each user adds its own names and policy on top.
 */
public final class SignedRegistry implements AutoCloseable {
  private final TestPki pki;
  private final RegistryServer registry;
  private final Path hostsDir;
  private final CosignSigner trusted = CosignSigner.generate();
  private final CosignSigner stranger = CosignSigner.generate();

  private SignedRegistry(TestPki pki, RegistryServer registry, Path hostsDir) {
    this.pki = pki;
    this.registry = registry;
    this.hostsDir = hostsDir;
  }

  /** Starts the registry under {@code dir}; {@code certs.d/} is empty until {@link #mirror}. */
  public static SignedRegistry start(Path dir) throws IOException {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    RegistryServer registry = RegistryServer.builder(pki, dir.resolve("registry")).start();
    try {
      return new SignedRegistry(pki, registry, Files.createDirectories(dir.resolve("certs.d")));
    } catch (IOException | RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /**
   * {@code certs.d/<upstream>/hosts.toml} as on a node: this registry keeps {@code upstream}'s
   * repositories under {@code /v2/<prefix>} ({@code override_path}, containerd docs/hosts.md);
   * {@code server} names the public registry, which airlock never contacts because a {@code [host]}
   * entry exists.
   */
  public void mirror(String upstream, String server, String prefix) throws IOException {
    Path dir = Files.createDirectories(hostsDir.resolve(upstream));
    Files.writeString(
        dir.resolve("hosts.toml"),
        "server = \""
            + server
            + "\"\n\n[host.\""
            + registry.origin()
            + "/v2/"
            + prefix
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n  override_path = true\n  ca = \""
            + registry.caFile()
            + "\"\n");
  }

  /** A fresh image at {@code repo:tag}, signed by the trusted key as {@code signedName}. */
  public Digest pushSigned(String repo, String signedName, String tag, Format format) {
    Digest digest = pushUnsigned(repo, tag, format);
    trusted.sign(registry.pusher(), repo, signedName, digest);
    return digest;
  }

  /** A fresh image at {@code repo:tag} without any signature. */
  public Digest pushUnsigned(String repo, String tag, Format format) {
    return registry.pusher().image(repo, tag, format).digest();
  }

  /** A fresh image at {@code repo:tag}, signed by a key the policy does not trust. */
  public Digest pushSignedByStranger(String repo, String signedName, String tag, Format format) {
    Digest digest = pushUnsigned(repo, tag, format);
    stranger.sign(registry.pusher(), repo, signedName, digest);
    return digest;
  }

  /**
   * A linux/amd64 + linux/arm64 OCI index tagged {@code tag}; the trusted key signs the index
   * digest (what {@code cosign sign} does for a multi-arch tag), not the platform manifests.
   */
  public Digest pushSignedIndex(String repo, String signedName, String tag) {
    RegistryPusher push = registry.pusher();
    RegistryPusher.Pushed amd64 = push.image(repo, tag + "-amd64", Format.OCI);
    RegistryPusher.Pushed arm64 = push.image(repo, tag + "-arm64", Format.OCI);
    Digest index =
        push.index(
                repo,
                tag,
                List.of(
                    new PlatformImage("linux/amd64", amd64),
                    new PlatformImage("linux/arm64", arm64)))
            .digest();
    trusted.sign(push, repo, signedName, index);
    return index;
  }

  /** Signs {@code digest} at {@code repo} with the trusted key as {@code signedName}. */
  public void sign(String repo, String signedName, Digest digest) {
    trusted.sign(registry.pusher(), repo, signedName, digest);
  }

  /** The trusted key as PEM, for the policy. */
  public String trustedKeyPem() {
    return trusted.publicKeyPem();
  }

  public RegistryServer registry() {
    return registry;
  }

  public TestPki pki() {
    return pki;
  }

  public Path hostsDir() {
    return hostsDir;
  }

  @Override
  public void close() {
    registry.close();
  }
}
