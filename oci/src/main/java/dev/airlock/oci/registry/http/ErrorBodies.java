package dev.airlock.oci.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.registry.RegistryException.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Registry error bodies: distribution spec "Error Codes", {@code {"errors":[{code,message}]}}. */
final class ErrorBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Codes that mean the thing asked for does not exist here. */
  static final Set<String> NOT_FOUND_CODES =
      Set.of("MANIFEST_UNKNOWN", "BLOB_UNKNOWN", "NAME_UNKNOWN");

  /** A registry's message is kept to this many characters, and at most this many errors. */
  private static final int MAX_MESSAGE = 200;

  private static final int MAX_ERRORS = 5;

  private ErrorBodies() {}

  /**
   * The error codes of {@code reply}'s body, messages redacted ({@link Reply#redaction()}); empty
   * when the body is not a registry error document.
   */
  static List<ErrorCode> parse(Reply reply) {
    return parse(reply.body(), reply.redaction());
  }

  /** The error codes in {@code body}; empty when the body is not a registry error document. */
  static List<ErrorCode> parse(byte[] body) {
    return parse(body, Redaction.NONE);
  }

  private static List<ErrorCode> parse(byte[] body, Redaction redaction) {
    if (body == null || body.length == 0) {
      return List.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return List.of();
    }
    if (root == null || !root.path("errors").isArray()) {
      return List.of();
    }
    List<ErrorCode> out = new ArrayList<>();
    for (JsonNode error : root.path("errors")) {
      String code = error.path("code").asText("");
      if (!code.isEmpty()) {
        String message = error.path("message").asText("");
        if (message.length() > MAX_MESSAGE) {
          message = message.substring(0, MAX_MESSAGE) + "…";
        }
        out.add(new ErrorCode(redaction.apply(code), redaction.apply(message)));
      }
      if (out.size() == MAX_ERRORS) {
        break;
      }
    }
    return List.copyOf(out);
  }

  /** 404, or an error code saying manifest, blob or repository is unknown. */
  static boolean notFound(Reply reply) {
    if (reply.status() == 404) {
      return true;
    }
    return !reply.success()
        && parse(reply).stream().anyMatch(e -> NOT_FOUND_CODES.contains(e.code()));
  }

  /** {@code CODE: message; CODE: message}. */
  static String describe(List<ErrorCode> errors) {
    return errors.stream()
        .map(e -> e.message().isEmpty() ? e.code() : e.code() + ": " + e.message())
        .collect(Collectors.joining("; "));
  }
}
