package dev.airlock.webhook.verify.cosign;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Strict JSON tree reading for signature artifacts: duplicate keys are an error (a payload must not
 * say two things), only trees are built (no data binding, so nothing to register for native).
 */
final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private Json() {}

  static JsonNode read(byte[] bytes, String what) throws MalformedSignatureException {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new MalformedSignatureException(what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new MalformedSignatureException(what + " is not valid JSON", e);
    }
  }

  /** The text at {@code pointer}, if it is a JSON string. */
  static Optional<String> text(JsonNode node, String pointer) {
    JsonNode value = node.at(pointer);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  static String requiredText(JsonNode node, String pointer, String what)
      throws MalformedSignatureException {
    return text(node, pointer)
        .orElseThrow(() -> new MalformedSignatureException(what + " has no " + pointer));
  }

  /** Standard base64 (RFC 4648 section 4), as cosign and protobuf JSON write it. */
  static byte[] base64(String value, String what) throws MalformedSignatureException {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new MalformedSignatureException(what + " is not base64", e);
    }
  }
}
