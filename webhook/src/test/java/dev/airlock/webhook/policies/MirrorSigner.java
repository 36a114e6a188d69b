package dev.airlock.webhook.policies;

import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.testing.CosignSigner;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Format;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pushes an image to its mirror location (as the example hosts files route it) and signs its digest
 * in cosign's legacy layout (cosign {@code specs/SIGNATURE_SPEC.md}): the manifest tagged {@code
 * sha256-<hex>.sig} with one {@code application/vnd.dev.cosign.simplesigning.v1+json} layer holding
 * the simple-signing payload and, in the {@code dev.cosignproject.cosign/signature} annotation, the
 * base64 ASN.1 ECDSA signature over the payload bytes.
 */
final class MirrorSigner {
  private final RegistryPusher push;
  private final MirrorMap mirrors;
  private final String authority;
  private final Path keys;

  /**
   * @param authority {@code host:port} of the registry {@code push} writes to
   * @param keys the directory of {@code <name>.key} PKCS#8 PEM files
   */
  MirrorSigner(RegistryPusher push, MirrorMap mirrors, String authority, Path keys) {
    this.push = push;
    this.mirrors = mirrors;
    this.authority = authority;
    this.keys = keys;
  }

  /**
   * Pushes a fresh image under the tag of {@code written} at its mirror location and, unless {@code
   * signedWith} is null, signs it with {@code keys/<signedWith>.key}.
   */
  Digest push(String written, String signedWith) throws Exception {
    ImageReference image = ImageReference.parse(written);
    MirrorRoute route =
        mirrors
            .route(image)
            .orElseThrow(() -> new AssertionError(written + " is unmirrored in the example map"));
    String prefix = authority + "/";
    if (!route.mirrorLocation().startsWith(prefix)) {
      throw new AssertionError(
          written + ": mirror location " + route.mirrorLocation() + " is not on " + authority);
    }
    String repo = route.mirrorLocation().substring(prefix.length());
    String tag = image.tag().orElseThrow(() -> new AssertionError(written + " names no tag"));
    Digest digest = push.image(repo, tag, Format.OCI).digest();
    if (signedWith != null) {
      Path keyFile = keys.resolve(signedWith + ".key");
      if (!Files.isRegularFile(keyFile)) {
        throw new AssertionError("no test key " + keyFile);
      }
      CosignSigner.fromPrivateKeyFile(keyFile).sign(push, repo, dockerReference(image), digest);
    }
    return digest;
  }

  /**
   * The repository cosign names in {@code docker-reference} when it signs the upstream image
   * (go-containerregistry {@code Repository.Name()}, which spells Docker Hub {@code
   * index.docker.io}).
   */
  private static String dockerReference(ImageReference image) {
    return image.registry().equals(ImageReference.DOCKER_HUB)
        ? "index.docker.io/" + image.repository()
        : image.normalizedName();
  }
}
