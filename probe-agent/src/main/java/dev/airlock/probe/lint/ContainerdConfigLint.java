package dev.airlock.probe.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lints {@code /etc/containerd/config.toml} (containerd {@code docs/cri/config.md}, {@code
 * docs/hosts.md}): {@code config_path} set in the registry table of the file's config version, no
 * {@code mirrors} beside it, no {@code insecure_skip_verify}, CA files valid, and a file holding
 * credentials ({@code configs.*.auth}, {@code auths}) private to root.
 */
final class ContainerdConfigLint {
  static final String CONFIG = "/etc/containerd/config.toml";
  private static final List<String> CREDENTIAL_KEYS =
      List.of("username", "password", "auth", "identitytoken");

  /** The registry table each config version reads. */
  private static final Map<Integer, List<String>> REGISTRY_TABLE =
      Map.of(
          1, List.of("plugins", "cri", "registry"),
          2, List.of("plugins", "io.containerd.grpc.v1.cri", "registry"),
          3, List.of("plugins", "io.containerd.cri.v1.images", "registry"));

  /** What the config says, for the {@code certs.d} checks that follow. */
  record Result(List<Finding> findings, List<Path> certsDirs, int version) {}

  private final CaFileCheck caCheck;

  ContainerdConfigLint(CaFileCheck caCheck) {
    this.caCheck = caCheck;
  }

  Result lint(NodeRoot root) {
    Path file = root.resolve(CONFIG);
    List<Finding> findings = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      findings.add(Finding.error(LintCheck.CONFIG_PATH, CONFIG, "containerd config not found"));
      return new Result(findings, List.of(), 0);
    }
    JsonNode config;
    try {
      config = new TomlMapper().readTree(file.toFile());
    } catch (IOException e) {
      findings.add(
          Finding.error(
              LintCheck.CONFIG_PATH, CONFIG, "not valid TOML: " + firstLine(e.getMessage())));
      return new Result(findings, List.of(), 0);
    }
    walk(root, file, config, new ArrayList<>(), findings);
    int version = config.path("version").asInt(1);
    List<String> table = REGISTRY_TABLE.get(version);
    if (table == null) {
      findings.add(
          Finding.error(
              LintCheck.CONFIG_PATH, CONFIG, "unsupported containerd config version " + version));
      return new Result(findings, List.of(), 0);
    }
    JsonNode registry = at(config, table);
    String configPath = registry.path("config_path").asText("");
    if (configPath.isEmpty()) {
      findings.add(
          Finding.error(
              LintCheck.CONFIG_PATH,
              CONFIG,
              "config_path is not set in ["
                  + tableName(table)
                  + "] (config version "
                  + version
                  + "): containerd ignores certs.d/hosts.toml"));
      return new Result(findings, List.of(), 0);
    }
    if (registry.path("mirrors").size() > 0) {
      findings.add(
          Finding.error(
              LintCheck.CONFIG_PATH,
              CONFIG,
              "[" + tableName(table) + ".mirrors] is set: containerd refuses it with config_path"));
    }
    // containerd splits config_path like a PATH list; the first directory holding a host wins.
    List<Path> dirs = new ArrayList<>();
    for (String part : configPath.split(":")) {
      if (part.isEmpty()) {
        continue;
      }
      Path dir = root.resolve(part);
      if (Files.isDirectory(dir)) {
        dirs.add(dir);
      } else {
        findings.add(
            Finding.error(
                LintCheck.CONFIG_PATH,
                CONFIG,
                "config_path directory " + root.display(dir) + " not found"));
      }
    }
    return new Result(findings, dirs, version);
  }

  /** Finds {@code configs.<host>.auth}, {@code auths.<host>} and {@code configs.<host>.tls}. */
  private void walk(
      NodeRoot root, Path file, JsonNode node, List<String> path, List<Finding> findings) {
    int n = path.size();
    if (n >= 3 && path.get(n - 3).equals("configs") && path.get(n - 1).equals("auth")
        || n >= 2 && path.get(n - 2).equals("auths")) {
      if (holdsCredential(node)) {
        String where =
            path.get(n - 1).equals("auth")
                ? "configs.\"" + path.get(n - 2) + "\".auth"
                : "auths.\"" + path.get(n - 1) + "\"";
        findings.addAll(CredentialFileCheck.check(file, CONFIG, where));
      }
    }
    if (n >= 3 && path.get(n - 3).equals("configs") && path.get(n - 1).equals("tls")) {
      String host = path.get(n - 2);
      if (node.path("insecure_skip_verify").asBoolean(false)) {
        findings.add(
            Finding.error(
                LintCheck.SKIP_VERIFY,
                CONFIG,
                "configs.\""
                    + host
                    + "\".tls.insecure_skip_verify = true disables TLS verification for "
                    + host));
      }
      String ca = node.path("ca_file").asText("");
      if (!ca.isEmpty()) {
        findings.addAll(caCheck.check(root, CONFIG, root.resolve(ca)));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> child = it.next();
      if (child.getValue().isObject()) {
        path.add(child.getKey());
        walk(root, file, child.getValue(), path, findings);
        path.remove(path.size() - 1);
      }
    }
  }

  private static boolean holdsCredential(JsonNode auth) {
    for (String key : CREDENTIAL_KEYS) {
      if (!auth.path(key).asText("").isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode at(JsonNode node, List<String> path) {
    JsonNode current = node;
    for (String key : path) {
      current = current.path(key);
    }
    return current;
  }

  /** {@code plugins."io.containerd.grpc.v1.cri".registry} as written in TOML. */
  static String tableName(List<String> path) {
    List<String> parts = new ArrayList<>();
    for (String key : path) {
      parts.add(key.contains(".") ? "\"" + key + "\"" : key);
    }
    return String.join(".", parts);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
