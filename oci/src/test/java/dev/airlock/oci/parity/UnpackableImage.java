package dev.airlock.oci.parity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.testing.RegistryPusher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * An OCI image that containerd can unpack: one real {@code tar+gzip} layer holding one file with
 * random content, and a config whose {@code rootfs.diff_ids} is the digest of the uncompressed tar
 * (OCI image-spec {@code config.md}), for the machine's own platform.
 *
 * @param config the config blob
 * @param layer the compressed layer blob
 * @param manifest the OCI image manifest over both
 */
record UnpackableImage(byte[] config, byte[] layer, byte[] manifest) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** A fresh image: the layer's file has random content, so every image has its own digests. */
  static UnpackableImage random() {
    String content = "airlock parity " + RegistryPusher.randomHex(16) + "\n";
    byte[] tar = tar("airlock-parity.txt", content.getBytes(StandardCharsets.UTF_8));
    byte[] layer = gzip(tar);
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", architecture()).put("os", "linux");
    ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
    rootfs.putArray("diff_ids").add(Digest.sha256(tar).toString());
    byte[] configBytes = json(config);

    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    m.putObject("config")
        .put("mediaType", CONFIG_TYPE)
        .put("digest", Digest.sha256(configBytes).toString())
        .put("size", configBytes.length);
    m.putArray("layers")
        .addObject()
        .put("mediaType", LAYER_TYPE)
        .put("digest", Digest.sha256(layer).toString())
        .put("size", layer.length);
    return new UnpackableImage(configBytes, layer, json(m));
  }

  /** Pushes the blobs and the manifest to {@code repo}, tagged {@code tag}; returns this. */
  UnpackableImage push(RegistryPusher pusher, String repo, String tag) {
    pusher.blob(repo, config);
    pusher.blob(repo, layer);
    pusher.manifest(repo, tag, MediaTypes.OCI_MANIFEST, manifest);
    return this;
  }

  Digest manifestDigest() {
    return Digest.sha256(manifest);
  }

  Digest configDigest() {
    return Digest.sha256(config);
  }

  Digest layerDigest() {
    return Digest.sha256(layer);
  }

  /** GOARCH of this JVM's machine, as containerd's default platform matcher expects. */
  private static String architecture() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }

  /** A POSIX ustar archive with one regular file (mode 0644, owner 0:0, mtime 0). */
  static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, String.format("%011o", 0));
    Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    header[155] = ' ';
    int padded = (content.length + 511) / 512 * 512;
    byte[] out = new byte[512 + padded + 1024];
    System.arraycopy(header, 0, out, 0, 512);
    System.arraycopy(content, 0, out, 512, content.length);
    return out;
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] json(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
