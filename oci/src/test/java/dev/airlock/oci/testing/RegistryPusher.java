package dev.airlock.oci.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Test-side push client for the distribution API (synchronous, no retries): monolithic blob upload
 * ({@code POST …/blobs/uploads/} then {@code PUT <location>&digest=…}), manifest {@code PUT} by tag
 * or digest, and builders for random images, indexes and artifacts. Get one from {@link
 * RegistryServer#pusher()}. Failures throw {@link IllegalStateException} with the registry's
 * answer.
 *
 * <pre>{@code
 * RegistryPusher push = registry.pusher();
 * Pushed amd64 = push.image("team/app", "1.0", Format.OCI);
 * Pushed index = push.index("team/app", "multi", List.of(
 *     new PlatformImage("linux/amd64", amd64), new PlatformImage("linux/arm64", arm64)));
 * Pushed sig = push.artifact("team/app", Optional.empty(), "application/vnd.dev.cosign.artifact.sig.v1+json",
 *     amd64.descriptor(), Map.of("k", "v"), "payload".getBytes(), "application/vnd.dev.cosign.simplesigning.v1+json");
 * }</pre>
 */
public final class RegistryPusher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Manifest flavours for {@link #image}. */
  public enum Format {
    /** OCI image manifest with OCI config and layer media types. */
    OCI,
    /** Docker image manifest v2 schema 2 with Docker config and layer media types. */
    DOCKER
  }

  /**
   * Something pushed: its digest, media type and exact bytes.
   *
   * @param digest digest of {@code bytes}
   * @param mediaType media type it was pushed with
   * @param bytes the exact bytes pushed
   */
  public record Pushed(Digest digest, String mediaType, byte[] bytes) {
    public long size() {
      return bytes.length;
    }

    /** A descriptor for this content (for {@code subject} or index entries). */
    public Descriptor descriptor() {
      return Descriptor.of(mediaType, digest, bytes.length);
    }
  }

  /** An index entry: {@code os/architecture[/variant]} and the image manifest. */
  public record PlatformImage(String platform, Pushed manifest) {}

  private final URI origin;
  private final HttpClient http;
  private final Function<String, Optional<String>> authorization;

  /**
   * @param origin {@code https://host:port}
   * @param tls trust (and client identity) for the registry
   * @param authorization the {@code Authorization} header to send for a repository, if any
   */
  public RegistryPusher(
      URI origin, SSLContext tls, Function<String, Optional<String>> authorization) {
    this.origin = origin;
    this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).build();
    this.authorization = authorization;
  }

  /** Uploads a blob (monolithic) and returns its digest. */
  public Digest blob(String repo, byte[] content) {
    Digest digest = Digest.sha256(content);
    HttpResponse<String> start =
        send(
            repo,
            request(URI.create(origin + "/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()),
            202);
    String location =
        start.headers().firstValue("Location").orElseThrow(() -> failure("no Location", start));
    URI upload = origin.resolve(location);
    String sep = upload.getRawQuery() == null ? "?" : "&";
    send(
        repo,
        request(URI.create(upload + sep + "digest=" + digest))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content)),
        201);
    return digest;
  }

  /** PUTs manifest bytes under {@code reference} (a tag or the digest) with {@code mediaType}. */
  public Pushed manifest(String repo, String reference, String mediaType, byte[] bytes) {
    send(
        repo,
        request(URI.create(origin + "/v2/" + repo + "/manifests/" + reference))
            .header("Content-Type", mediaType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
        201);
    return new Pushed(Digest.sha256(bytes), mediaType, bytes);
  }

  /** PUTs manifest bytes by their own digest (untagged). */
  public Pushed manifestByDigest(String repo, String mediaType, byte[] bytes) {
    return manifest(repo, Digest.sha256(bytes).toString(), mediaType, bytes);
  }

  /** Deletes a manifest by digest. */
  public void deleteManifest(String repo, Digest digest) {
    send(repo, request(URI.create(origin + "/v2/" + repo + "/manifests/" + digest)).DELETE(), 202);
  }

  /** A random single-layer image (config and layer are fresh random bytes), tagged {@code tag}. */
  public Pushed image(String repo, String tag, Format format) {
    boolean oci = format == Format.OCI;
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[]},\"airlock\":\""
                + randomHex(16)
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer = new byte[512];
    RANDOM.nextBytes(layer);
    Digest configDigest = blob(repo, config);
    Digest layerDigest = blob(repo, layer);
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2);
    m.put("mediaType", oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST);
    descriptor(
        m.putObject("config"),
        oci
            ? "application/vnd.oci.image.config.v1+json"
            : "application/vnd.docker.container.image.v1+json",
        configDigest,
        config.length);
    descriptor(
        m.putArray("layers").addObject(),
        oci
            ? "application/vnd.oci.image.layer.v1.tar+gzip"
            : "application/vnd.docker.image.rootfs.diff.tar.gzip",
        layerDigest,
        layer.length);
    return manifest(repo, tag, oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST, json(m));
  }

  /** An OCI index over already pushed manifests, tagged {@code tag}. */
  public Pushed index(String repo, String tag, List<PlatformImage> images) {
    ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    var manifests = index.putArray("manifests");
    for (PlatformImage image : images) {
      ObjectNode entry = manifests.addObject();
      descriptor(
          entry, image.manifest().mediaType(), image.manifest().digest(), image.manifest().size());
      String[] parts = image.platform().split("/");
      ObjectNode platform =
          entry.putObject("platform").put("os", parts[0]).put("architecture", parts[1]);
      if (parts.length > 2) {
        platform.put("variant", parts[2]);
      }
    }
    return manifest(repo, tag, MediaTypes.OCI_INDEX, json(index));
  }

  /**
   * An OCI 1.1 artifact manifest: empty config, one layer with {@code layerContent}, {@code
   * subject}, {@code artifactType} and manifest annotations; tagged when {@code tag} is given, else
   * pushed by digest.
   */
  public Pushed artifact(
      String repo,
      Optional<String> tag,
      String artifactType,
      Descriptor subject,
      Map<String, String> annotations,
      byte[] layerContent,
      String layerMediaType) {
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    Digest emptyDigest = blob(repo, empty);
    Digest layerDigest = blob(repo, layerContent);
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST).put("artifactType", artifactType);
    descriptor(m.putObject("config"), MediaTypes.OCI_EMPTY, emptyDigest, empty.length);
    descriptor(m.putArray("layers").addObject(), layerMediaType, layerDigest, layerContent.length);
    descriptor(m.putObject("subject"), subject.mediaType(), subject.digest(), subject.size());
    if (!annotations.isEmpty()) {
      ObjectNode a = m.putObject("annotations");
      annotations.forEach(a::put);
    }
    byte[] bytes = json(m);
    return manifest(
        repo, tag.orElse(Digest.sha256(bytes).toString()), MediaTypes.OCI_MANIFEST, bytes);
  }

  /** Lowercase hex of {@code bytes} random bytes. */
  public static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  private static void descriptor(ObjectNode node, String mediaType, Digest digest, long size) {
    node.put("mediaType", mediaType).put("digest", digest.toString()).put("size", size);
  }

  private static byte[] json(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
  }

  private HttpResponse<String> send(String repo, HttpRequest.Builder builder, int expected) {
    authorization.apply(repo).ifPresent(value -> builder.header("Authorization", value));
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw failure("expected " + expected, response);
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static IllegalStateException failure(String what, HttpResponse<String> response) {
    return new IllegalStateException(
        response.request().method()
            + " "
            + response.request().uri()
            + ": "
            + what
            + ", got "
            + response.statusCode()
            + " "
            + response.body());
  }
}
