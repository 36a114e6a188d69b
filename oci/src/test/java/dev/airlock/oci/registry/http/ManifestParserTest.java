package dev.airlock.oci.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.MediaTypes;
import dev.airlock.oci.registry.RegistryException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  private static final URI URL = URI.create("https://r/v2/a/manifests/x");
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);

  private static Manifest parse(String json, Optional<String> contentType) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return ManifestParser.parse(bytes, Digest.sha256(bytes), contentType, URL);
  }

  @Test
  void parse_ociManifestWithSubject_readsAllParts() throws Exception {
    Manifest m =
        parse(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\","
                + "\"artifactType\":\"application/x\","
                + "\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_EMPTY
                + "\",\"digest\":\""
                + D1
                + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/x-layer\",\"digest\":\""
                + D2
                + "\",\"size\":7,"
                + "\"annotations\":{\"l\":\"1\"}}],"
                + "\"subject\":{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\""
                + D1
                + "\",\"size\":9},"
                + "\"annotations\":{\"dev.cosignproject.cosign/signature\":\"MEUC\"}}",
            Optional.empty());
    assertThat(m.descriptor().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(m.isIndex()).isFalse();
    assertThat(m.config()).contains(Descriptor.of(MediaTypes.OCI_EMPTY, Digest.parse(D1), 2));
    assertThat(m.layers())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.digest()).isEqualTo(Digest.parse(D2));
              assertThat(l.size()).isEqualTo(7);
              assertThat(l.annotations()).isEqualTo(Map.of("l", "1"));
            });
    assertThat(m.subject().map(Descriptor::digest)).contains(Digest.parse(D1));
    assertThat(m.annotations()).containsEntry("dev.cosignproject.cosign/signature", "MEUC");
  }

  @Test
  void parse_dockerListWithPlatforms_isIndex() throws Exception {
    Manifest m =
        parse(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.DOCKER_LIST
                + "\","
                + "\"manifests\":[{\"mediaType\":\""
                + MediaTypes.DOCKER_MANIFEST
                + "\",\"digest\":\""
                + D1
                + "\",\"size\":5,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},"
                + "{\"mediaType\":\""
                + MediaTypes.DOCKER_MANIFEST
                + "\",\"digest\":\""
                + D2
                + "\",\"size\":6,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}",
            Optional.empty());
    assertThat(m.isIndex()).isTrue();
    assertThat(m.manifests())
        .extracting(d -> d.platform().orElseThrow())
        .containsExactly("linux/arm64/v8", "linux/amd64");
    assertThat(m.layers()).isEmpty();
    assertThat(m.config()).isEmpty();
  }

  @Test
  void parse_noMediaTypeField_usesContentTypeThenStructure() throws Exception {
    assertThat(
            parse("{\"schemaVersion\":2,\"layers\":[]}", Optional.of(MediaTypes.DOCKER_MANIFEST))
                .descriptor()
                .mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(
            parse("{\"schemaVersion\":2,\"manifests\":[]}", Optional.empty())
                .descriptor()
                .mediaType())
        .isEqualTo(MediaTypes.OCI_INDEX);
  }

  @Test
  void parse_badDigest_isMalformedNamingTheField() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"layers\":[{\"mediaType\":\"x\",\"digest\":\"sha256:abc\"}]}",
                    Optional.empty()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.MALFORMED))
        .hasMessageContaining("layers[0].digest: ");
  }

  @Test
  void parse_notJson_isMalformed() {
    assertThatThrownBy(() -> parse("<html>", Optional.empty()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.MALFORMED))
        .hasMessageEndingWith("is not valid JSON");
  }

  @Test
  void parse_layersNotArray_isMalformed() {
    assertThatThrownBy(() -> parse("{\"layers\":{}}", Optional.empty()))
        .hasMessageEndingWith(": layers: must be an array");
  }
}
