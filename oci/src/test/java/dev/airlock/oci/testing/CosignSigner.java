package dev.airlock.oci.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Signs images the way {@code cosign sign --key} (legacy tag layout, cosign {@code
 * specs/SIGNATURE_SPEC.md}) writes signatures: a simple-signing payload, signed with ECDSA P-256 /
 * SHA-256 (ASN.1 DER, base64 in the {@code dev.cosignproject.cosign/signature} layer annotation),
 * pushed as the only layer of an OCI manifest tagged {@code sha256-<hex>.sig} in the image's
 * repository.
 *
 * <pre>{@code
 * CosignSigner signer = CosignSigner.generate();
 * Pushed image = registry.pusher().image("team/app", "1.0", Format.OCI);
 * signer.sign(registry.pusher(), "team/app", "registry.example.com/team/app", image.digest());
 * String policyKey = signer.publicKeyPem();
 * }</pre>
 */
public final class CosignSigner {
  /** SIGNATURE_SPEC.md: media type of the payload layer. */
  public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** SIGNATURE_SPEC.md: layer annotation carrying the base64 signature. */
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  /** SIGNATURE_SPEC.md: the {@code critical.type} of an image signature. */
  public static final String PAYLOAD_TYPE = "cosign container image signature";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeyPair keys;

  private CosignSigner(KeyPair keys) {
    this.keys = keys;
  }

  /** A signer with a fresh ECDSA P-256 key pair (what {@code cosign generate-key-pair} makes). */
  public static CosignSigner generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new CosignSigner(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an ECDSA P-256 key", e);
    }
  }

  /**
   * A signer with the ECDSA P-256 private key of a PKCS#8 PEM file ({@code -----BEGIN PRIVATE
   * KEY-----}, e.g. the example policies' test keys). It signs only: {@link #publicKeyPem()} is for
   * generated signers.
   */
  public static CosignSigner fromPrivateKeyFile(java.nio.file.Path keyFile) {
    try {
      String pem =
          java.nio.file.Files.readString(keyFile)
              .replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      java.security.PrivateKey key =
          java.security.KeyFactory.getInstance("EC")
              .generatePrivate(
                  new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
      return new CosignSigner(new KeyPair(null, key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test key " + keyFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(keyFile + " is not a PKCS#8 EC private key", e);
    }
  }

  /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, SubjectPublicKeyInfo). */
  public String publicKeyPem() {
    if (keys.getPublic() == null) {
      throw new IllegalStateException("a signer read from a private key file has no public key");
    }
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** The simple-signing payload cosign writes for {@code dockerReference} at {@code digest}. */
  public static byte[] payload(String dockerReference, Digest digest) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode critical = root.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", digest.toString());
    critical.put("type", PAYLOAD_TYPE);
    root.putNull("optional");
    return json(root);
  }

  /** ECDSA-SHA256 signature (DER) of {@code payload}, base64 as cosign stores it. */
  public String signature(byte[] payload) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(keys.getPrivate());
      ecdsa.update(payload);
      return Base64.getEncoder().encodeToString(ecdsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign", e);
    }
  }

  /**
   * Pushes the signature of {@code digest} to {@code repo} under the tag {@code sha256-<hex>.sig};
   * the payload names {@code dockerReference} (cosign writes the name it was given). Returns the
   * signature manifest.
   */
  public RegistryPusher.Pushed sign(
      RegistryPusher pusher, String repo, String dockerReference, Digest digest) {
    byte[] payload = payload(dockerReference, digest);
    Digest layer = pusher.blob(repo, payload);
    ObjectNode config = JSON.createObjectNode().put("architecture", "").put("os", "");
    config.putObject("config");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layer.toString());
    byte[] configBytes = json(config);
    Digest configDigest = pusher.blob(repo, configBytes);

    ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest
        .putObject("config")
        .put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("size", configBytes.length)
        .put("digest", configDigest.toString());
    ObjectNode entry =
        manifest
            .putArray("layers")
            .addObject()
            .put("mediaType", SIMPLE_SIGNING)
            .put("size", payload.length)
            .put("digest", layer.toString());
    entry.putObject("annotations").put(SIGNATURE_ANNOTATION, signature(payload));
    return pusher.manifest(repo, digest.tagFor("sig"), MediaTypes.OCI_MANIFEST, json(manifest));
  }

  private static byte[] json(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
