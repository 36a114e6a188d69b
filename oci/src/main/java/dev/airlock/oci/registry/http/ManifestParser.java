package dev.airlock.oci.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads manifests and indexes (OCI image-spec {@code manifest.md}, {@code image-index.md}, {@code
 * descriptor.md}; Docker manifest v2 schema 2 and manifest list) into {@link Manifest}. The media
 * type is the document's {@code mediaType}, else the {@code Content-Type}, else inferred ({@code
 * manifests} → index). A field of the wrong shape is a MALFORMED error naming it.
 */
public final class ManifestParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestParser() {}

  /** Parses {@code bytes} (already checked against {@code digest}) fetched from {@code url}. */
  public static Manifest parse(byte[] bytes, Digest digest, Optional<String> contentType, URI url)
      throws RegistryException {
    JsonNode root = tree(bytes, url, "manifest " + digest);
    String mediaType =
        text(root, "mediaType")
            .or(() -> contentType)
            .orElse(root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST);
    Ctx ctx = new Ctx(url, "manifest " + digest);
    Optional<Descriptor> config =
        root.has("config")
            ? Optional.of(descriptor(root.get("config"), ctx, "config"))
            : Optional.empty();
    Optional<Descriptor> subject =
        root.has("subject")
            ? Optional.of(descriptor(root.get("subject"), ctx, "subject"))
            : Optional.empty();
    return new Manifest(
        Descriptor.of(mediaType, digest, bytes.length),
        bytes,
        config,
        descriptors(root, "layers", ctx),
        descriptors(root, "manifests", ctx),
        subject,
        annotations(root, ctx, "annotations"));
  }

  /** The {@code manifests} of an index answer (referrers API or fallback tag). */
  public static List<Descriptor> indexEntries(byte[] bytes, URI url) throws RegistryException {
    JsonNode root = tree(bytes, url, "index");
    return descriptors(root, "manifests", new Ctx(url, "index"));
  }

  private record Ctx(URI url, String what) {
    RegistryException error(String field, String problem) {
      return new RegistryException(
          Kind.MALFORMED, url, what + " from " + url + ": " + field + ": " + problem);
    }
  }

  private static JsonNode tree(byte[] bytes, URI url, String what) throws RegistryException {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || !root.isObject()) {
        throw new RegistryException(
            Kind.MALFORMED, url, what + " from " + url + " is not a JSON object");
      }
      return root;
    } catch (IOException e) {
      throw new RegistryException(
          Kind.MALFORMED, url, what + " from " + url + " is not valid JSON", e);
    }
  }

  private static List<Descriptor> descriptors(JsonNode root, String field, Ctx ctx)
      throws RegistryException {
    JsonNode array = root.get(field);
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw ctx.error(field, "must be an array");
    }
    List<Descriptor> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(descriptor(array.get(i), ctx, field + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  private static Descriptor descriptor(JsonNode node, Ctx ctx, String field)
      throws RegistryException {
    if (!node.isObject()) {
      throw ctx.error(field, "must be an object");
    }
    String mediaType =
        text(node, "mediaType").orElseThrow(() -> ctx.error(field + ".mediaType", "missing"));
    String digestText =
        text(node, "digest").orElseThrow(() -> ctx.error(field + ".digest", "missing"));
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (InvalidReferenceException e) {
      throw ctx.error(field + ".digest", e.getMessage());
    }
    JsonNode size = node.get("size");
    if (size != null && !size.canConvertToLong()) {
      throw ctx.error(field + ".size", "must be an integer");
    }
    return new Descriptor(
        mediaType,
        digest,
        size == null ? -1 : size.asLong(),
        text(node, "artifactType"),
        annotations(node, ctx, field + ".annotations"),
        platform(node.get("platform")));
  }

  private static Optional<String> platform(JsonNode platform) {
    if (platform == null || !platform.isObject()) {
      return Optional.empty();
    }
    Optional<String> os = text(platform, "os");
    Optional<String> arch = text(platform, "architecture");
    if (os.isEmpty() || arch.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        os.get() + "/" + arch.get() + text(platform, "variant").map(v -> "/" + v).orElse(""));
  }

  private static Map<String, String> annotations(JsonNode node, Ctx ctx, String field)
      throws RegistryException {
    JsonNode map = node.get("annotations");
    if (map == null || map.isNull()) {
      return Map.of();
    }
    if (!map.isObject()) {
      throw ctx.error(field, "must be an object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = map.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw ctx.error(field + "." + e.getKey(), "must be a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty()
        ? Optional.of(value.asText())
        : Optional.empty();
  }
}
