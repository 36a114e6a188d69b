package dev.airlock.oci.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.mirror.HostsFileParser.Invalid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings keys of one table of a {@code hosts.toml} (containerd {@code hostFileConfig}), read
 * with the types containerd accepts and checked strictly.
 */
final class HostTable {
  private final JsonNode table;
  private final String where;
  private final Path hostDir;
  private final PathResolver resolver;
  private final boolean requireFiles;

  /**
   * @param where prefix naming the table in messages: {@code ""} for the root table, {@code
   *     host."https://m".} for a host table
   */
  HostTable(
      JsonNode table, String where, Path hostDir, PathResolver resolver, boolean requireFiles) {
    this.table = table;
    this.where = where;
    this.hostDir = hostDir;
    this.resolver = resolver;
    this.requireFiles = requireFiles;
  }

  HostOptions options() throws Invalid {
    return new HostOptions(
        capabilities(),
        caFiles(),
        clientCertificates(),
        bool("skip_verify"),
        headers(),
        bool("override_path"),
        dialTimeout());
  }

  /** {@code capabilities}: case-insensitive; absent or empty means all three (hosts.go). */
  private Set<Capability> capabilities() throws Invalid {
    JsonNode node = table.get("capabilities");
    if (node == null) {
      return EnumSet.allOf(Capability.class);
    }
    List<String> names = strings(node, "capabilities", "must be a list of strings", false);
    if (names.isEmpty()) {
      return EnumSet.allOf(Capability.class);
    }
    Set<Capability> result = EnumSet.noneOf(Capability.class);
    for (String name : names) {
      switch (name.toLowerCase(Locale.ROOT)) {
        case "pull" -> result.add(Capability.PULL);
        case "resolve" -> result.add(Capability.RESOLVE);
        case "push" -> result.add(Capability.PUSH);
        default -> throw invalid("capabilities", "unknown capability \"" + name + "\"");
      }
    }
    return result;
  }

  /** {@code ca}: a path or a list of paths. */
  private List<Path> caFiles() throws Invalid {
    JsonNode node = table.get("ca");
    if (node == null) {
      return List.of();
    }
    List<Path> result = new ArrayList<>();
    for (String p : strings(node, "ca", "must be a path or a list of paths", true)) {
      result.add(path(p, "ca"));
    }
    return result;
  }

  /**
   * {@code client}: a path (certificate and key in one file), a list of paths, or a list of {@code
   * [cert, key]} pairs; an empty key means the key is in the certificate file.
   */
  private List<ClientCertificate> clientCertificates() throws Invalid {
    JsonNode node = table.get("client");
    if (node == null) {
      return List.of();
    }
    String shape = "must be a path, a list of paths or a list of [cert, key] pairs";
    if (node.isTextual()) {
      return List.of(new ClientCertificate(path(node.asText(), "client"), Optional.empty()));
    }
    if (!node.isArray()) {
      throw invalid("client", shape);
    }
    List<ClientCertificate> result = new ArrayList<>();
    for (JsonNode item : node) {
      if (item.isTextual()) {
        result.add(new ClientCertificate(path(item.asText(), "client"), Optional.empty()));
      } else if (item.isArray()
          && item.size() == 2
          && item.get(0).isTextual()
          && item.get(1).isTextual()) {
        String key = item.get(1).asText();
        result.add(
            new ClientCertificate(
                path(item.get(0).asText(), "client"),
                key.isEmpty() ? Optional.empty() : Optional.of(path(key, "client"))));
      } else {
        throw invalid("client", shape);
      }
    }
    return result;
  }

  /** Headers the JDK HTTP client sets itself and refuses from callers (jdk.httpclient). */
  private static final java.util.Set<String> MANAGED_HEADERS =
      java.util.Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** RFC 9110 {@code token}: the characters a header name may have. */
  private static final java.util.regex.Pattern TOKEN =
      java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** {@code [header]}: each value a string or a list of strings; names kept as written. */
  private Map<String, List<String>> headers() throws Invalid {
    JsonNode node = table.get("header");
    if (node == null) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid("header", "must be a table");
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = "header.\"" + e.getKey() + "\"";
      if (MANAGED_HEADERS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
        throw invalid(key, "cannot be set: the HTTP client manages this header");
      }
      if (!TOKEN.matcher(e.getKey()).matches()) {
        throw invalid(key, "is not a valid HTTP header name");
      }
      List<String> values =
          List.copyOf(strings(e.getValue(), key, "must be a string or a list of strings", true));
      for (String value : values) {
        // RFC 9110 field-value: no CR, LF, NUL or other control characters but tab. The value is
        // not shown: header values are often credentials.
        if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
          throw invalid(key, "value holds a control character (a line break?)");
        }
      }
      result.put(e.getKey(), values);
    }
    return result;
  }

  /** {@code dial_timeout}: a Go duration string such as {@code "1s"}. */
  private Optional<Duration> dialTimeout() throws Invalid {
    JsonNode node = table.get("dial_timeout");
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw invalid("dial_timeout", "must be a duration string such as \"1s\"");
    }
    Optional<Duration> d = GoDuration.parse(node.asText());
    if (d.isEmpty()) {
      throw invalid("dial_timeout", "\"" + node.asText() + "\" is not a duration such as \"1s\"");
    }
    return d;
  }

  private boolean bool(String key) throws Invalid {
    JsonNode node = table.get(key);
    if (node == null) {
      return false;
    }
    if (!node.isBoolean()) {
      throw invalid(key, "must be true or false");
    }
    return node.booleanValue();
  }

  /** A string, or (when {@code single} is allowed) also a list of strings. */
  private List<String> strings(JsonNode node, String key, String shape, boolean single)
      throws Invalid {
    if (single && node.isTextual()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      throw invalid(key, shape);
    }
    List<String> result = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw invalid(key, shape);
      }
      result.add(item.asText());
    }
    return result;
  }

  private Path path(String written, String key) throws Invalid {
    if (written.isEmpty()) {
      throw invalid(key, "empty path");
    }
    Path resolved = resolver.resolve(written, hostDir);
    if (requireFiles && !Files.isRegularFile(resolved)) {
      throw invalid(key, "file " + resolved + " does not exist");
    }
    return resolved;
  }

  private Invalid invalid(String key, String problem) {
    return new Invalid(where + key + ": " + problem);
  }
}
