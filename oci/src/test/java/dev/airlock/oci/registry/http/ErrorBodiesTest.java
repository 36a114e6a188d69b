package dev.airlock.oci.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.registry.RegistryException.ErrorCode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Reply reply(int status, String body) {
    return new Reply(
        "GET",
        URI.create("https://r/v2/a/manifests/1"),
        status,
        HttpHeaders.of(Map.of(), (a, b) -> true),
        utf8(body),
        Redaction.NONE);
  }

  @Test
  void parse_distributionErrorBody_readsCodesAndMessages() {
    // distribution spec "Error Codes" example shape
    assertThat(
            ErrorBodies.parse(
                utf8(
                    "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":"
                        + "\"manifest unknown\",\"detail\":{\"Tag\":\"x\"}},{\"code\":\"DENIED\"}]}")))
        .containsExactly(
            new ErrorCode("MANIFEST_UNKNOWN", "manifest unknown"), new ErrorCode("DENIED", ""));
  }

  @Test
  void parse_notJsonOrNoErrors_isEmpty() {
    assertThat(ErrorBodies.parse(utf8("404 page not found"))).isEmpty();
    assertThat(ErrorBodies.parse(utf8("{\"message\":\"x\"}"))).isEmpty();
    assertThat(ErrorBodies.parse(new byte[0])).isEmpty();
  }

  @Test
  void notFound_404OrUnknownCode_isTrue() {
    assertThat(ErrorBodies.notFound(reply(404, ""))).isTrue();
    assertThat(ErrorBodies.notFound(reply(400, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}")))
        .isTrue();
    assertThat(ErrorBodies.notFound(reply(500, "{\"errors\":[{\"code\":\"UNKNOWN\"}]}"))).isFalse();
    assertThat(ErrorBodies.notFound(reply(200, ""))).isFalse();
  }

  @Test
  void describe_joinsCodesAndMessages() {
    assertThat(
            ErrorBodies.describe(
                List.of(
                    new ErrorCode("DENIED", "requested access denied"),
                    new ErrorCode("UNAUTHORIZED", ""))))
        .isEqualTo("DENIED: requested access denied; UNAUTHORIZED");
  }
}
