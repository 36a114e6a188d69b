package dev.airlock.oci.registry.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a docker {@code config.json}, read once. Supported: {@code auths} entries keyed
 * by registry host (with or without scheme and path, as docker's {@code convertToHostname}), each
 * with {@code auth} (base64 {@code user:password}) or {@code username}/{@code password}.
 *
 * <p>Not supported, and refused at load with an error naming the entry: {@code credsStore}, {@code
 * credHelpers} (external helper programs), {@code identitytoken} and {@code registrytoken} (OAuth
 * refresh / registry tokens). An entry without credentials is also an error. Secrets never appear
 * in messages.
 */
public final class DockerConfigCredentials implements CredentialStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Credentials> byAuthority;

  private DockerConfigCredentials(Map<String, Credentials> byAuthority) {
    this.byAuthority = Map.copyOf(byAuthority);
  }

  /** Reads and checks {@code file}. */
  public static DockerConfigCredentials load(Path file) throws CredentialsFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CredentialsFileException(file, "cannot read: " + e.getMessage(), e);
    }
    return parse(file, bytes);
  }

  /** Parses config.json content; {@code file} is only used in messages. */
  public static DockerConfigCredentials parse(Path file, byte[] json)
      throws CredentialsFileException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CredentialsFileException(
          file, "not valid JSON at line " + e.getLocation().getLineNr(), null);
    } catch (IOException e) {
      throw new CredentialsFileException(file, "not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new CredentialsFileException(file, "must be a JSON object");
    }
    if (!root.path("credsStore").asText("").isEmpty()) {
      throw new CredentialsFileException(
          file, "credsStore is not supported: put the credentials in \"auths\"");
    }
    if (root.path("credHelpers").size() > 0) {
      throw new CredentialsFileException(
          file, "credHelpers is not supported: put the credentials in \"auths\"");
    }
    JsonNode auths = root.path("auths");
    if (!auths.isMissingNode() && !auths.isObject()) {
      throw new CredentialsFileException(file, "\"auths\" must be an object");
    }
    Map<String, Credentials> byAuthority = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> entries = auths.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String authority = authorityOf(entry.getKey());
      Credentials credentials = credentials(file, entry.getKey(), entry.getValue());
      Credentials earlier = byAuthority.putIfAbsent(authority, credentials);
      if (earlier != null && !earlier.equals(credentials)) {
        throw new CredentialsFileException(
            file, "auths has different credentials for " + authority + " under two keys");
      }
    }
    return new DockerConfigCredentials(byAuthority);
  }

  private static Credentials credentials(Path file, String key, JsonNode entry)
      throws CredentialsFileException {
    String where = "auths[\"" + key + "\"]";
    if (!entry.isObject()) {
      throw new CredentialsFileException(file, where + " must be an object");
    }
    for (String unsupported : new String[] {"identitytoken", "registrytoken"}) {
      if (!entry.path(unsupported).asText("").isEmpty()) {
        throw new CredentialsFileException(
            file, where + ": " + unsupported + " is not supported; use username/password");
      }
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new CredentialsFileException(file, where + ".auth is not valid base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new CredentialsFileException(file, where + ".auth must encode \"username:password\"");
      }
      return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    String username = entry.path("username").asText("");
    if (!username.isEmpty() && entry.has("password")) {
      return new Credentials(username, entry.path("password").asText(""));
    }
    throw new CredentialsFileException(file, where + " has neither auth nor username/password");
  }

  /**
   * The registry authority of an {@code auths} key: scheme and path removed, as docker's {@code
   * registry.ConvertToHostname} ({@code https://r.example:5000/v1/} → {@code r.example:5000}).
   */
  static String authorityOf(String key) {
    String host = key;
    if (host.startsWith("http://")) {
      host = host.substring("http://".length());
    } else if (host.startsWith("https://")) {
      host = host.substring("https://".length());
    }
    int slash = host.indexOf('/');
    return slash < 0 ? host : host.substring(0, slash);
  }

  @Override
  public Optional<Credentials> lookup(String authority) {
    return Optional.ofNullable(byAuthority.get(authority));
  }

  @Override
  public String toString() {
    return "DockerConfigCredentials" + byAuthority.keySet();
  }
}
