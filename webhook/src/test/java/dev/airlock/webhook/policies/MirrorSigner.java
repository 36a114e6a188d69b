package dev.airlock.webhook.policies;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Pushes an image to its mirror location (as the example hosts files route it) and signs its digest
 * in cosign's legacy layout (cosign {@code specs/SIGNATURE_SPEC.md}): the manifest tagged {@code
 * sha256-<hex>.sig} with one {@code application/vnd.dev.cosign.simplesigning.v1+json} layer holding
 * the simple-signing payload and, in the {@code dev.cosignproject.cosign/signature} annotation, the
 * base64 ASN.1 ECDSA signature over the payload bytes.
 */
final class MirrorSigner {
  static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  private static final ObjectMapper JSON = new ObjectMapper();

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
      byte[] payload = payload(dockerReference(image), digest);
      sig(repo, digest, payload, sign(keys.resolve(signedWith + ".key"), payload));
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

  private static byte[] payload(String dockerReference, Digest digest) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode critical = root.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", digest.toString());
    critical.put("type", "cosign container image signature");
    root.putNull("optional");
    return bytes(root);
  }

  private void sig(String repo, Digest image, byte[] payload, String signature) {
    Digest layer = push.blob(repo, payload);
    ObjectNode config = JSON.createObjectNode().put("architecture", "").put("os", "");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layer.toString());
    byte[] configBytes = bytes(config);
    Digest configDigest = push.blob(repo, configBytes);
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    m.putObject("config")
        .put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("digest", configDigest.toString())
        .put("size", configBytes.length);
    m.putArray("layers")
        .addObject()
        .put("mediaType", SIMPLE_SIGNING)
        .put("digest", layer.toString())
        .put("size", payload.length)
        .putObject("annotations")
        .put(SIGNATURE_ANNOTATION, signature);
    push.manifest(repo, image.tagFor("sig"), MediaTypes.OCI_MANIFEST, bytes(m));
  }

  /** Base64 of the ASN.1 DER ECDSA-SHA256 signature, as {@code cosign sign --key} writes it. */
  private static String sign(Path keyFile, byte[] payload)
      throws IOException, GeneralSecurityException {
    if (!Files.isRegularFile(keyFile)) {
      throw new AssertionError("no test key " + keyFile);
    }
    String pem =
        Files.readString(keyFile)
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    PrivateKey key =
        KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(payload);
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
