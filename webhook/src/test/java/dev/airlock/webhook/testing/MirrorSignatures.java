package dev.airlock.webhook.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Pushed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes cosign signatures to a real registry as cosign does: the legacy {@code sha256-<hex>.sig}
 * manifest (SIGNATURE_SPEC.md) and OCI 1.1 bundle referrers, maintaining the referrers tag schema
 * index {@code sha256-<hex>} for registries without the referrers API (distribution 2.8).
 */
public final class MirrorSignatures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RegistryPusher push;
  private final Map<Digest, List<Pushed>> referrers = new HashMap<>();

  public MirrorSignatures(RegistryPusher push) {
    this.push = push;
  }

  /** Pushes the {@code .sig} manifest of {@code image} with {@code layers}. */
  public Pushed sig(String repo, Digest image, SignatureLayer... layers) {
    byte[] config =
        "{\"architecture\":\"\",\"os\":\"\",\"rootfs\":{\"type\":\"layers\"}}"
            .getBytes(StandardCharsets.UTF_8);
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    descriptor(
        m.putObject("config"),
        "application/vnd.oci.image.config.v1+json",
        push.blob(repo, config),
        config.length);
    ArrayNode array = m.putArray("layers");
    for (SignatureLayer layer : layers) {
      ObjectNode d = array.addObject();
      descriptor(
          d, CosignLayout.SIMPLE_SIGNING, push.blob(repo, layer.payload()), layer.payload().length);
      ObjectNode annotations = d.putObject("annotations");
      layer.extra().forEach(annotations::put);
      if (layer.signature() != null) {
        annotations.put(CosignLayout.SIGNATURE_ANNOTATION, layer.signature());
      }
    }
    return push.manifest(repo, image.tagFor("sig"), MediaTypes.OCI_MANIFEST, bytes(m));
  }

  /** Pushes {@code bundle} as a referrer of {@code subject} and updates the fallback tag. */
  public Pushed bundle(String repo, Descriptor subject, byte[] bundle) {
    Pushed referrer =
        push.artifact(
            repo,
            Optional.empty(),
            CosignLayout.BUNDLE,
            subject,
            Map.of(
                "dev.sigstore.bundle.content",
                "dsse-envelope",
                "dev.sigstore.bundle.predicateType",
                CosignLayout.COSIGN_SIGN_PREDICATE),
            bundle,
            CosignLayout.BUNDLE);
    List<Pushed> all = referrers.computeIfAbsent(subject.digest(), d -> new ArrayList<>());
    all.add(referrer);
    ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (Pushed p : all) {
      descriptor(manifests.addObject(), p.mediaType(), p.digest(), p.size())
          .put("artifactType", CosignLayout.BUNDLE);
    }
    push.manifest(
        repo,
        subject.digest().algorithm() + "-" + subject.digest().hex(),
        MediaTypes.OCI_INDEX,
        bytes(index));
    return referrer;
  }

  private static ObjectNode descriptor(
      ObjectNode node, String mediaType, Digest digest, long size) {
    return node.put("mediaType", mediaType).put("digest", digest.toString()).put("size", size);
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
