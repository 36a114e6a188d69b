package dev.airlock.oci.mirror;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses one {@code hosts.toml} into a {@link HostsFile}, with containerd {@code docs/hosts.md} and
 * {@code hosts.go} ({@code parseHostsFile}, {@code parseHostConfig}) semantics, but strict: a file
 * that does not parse, an unknown key or capability, a value of the wrong type or a URL that is not
 * http(s) is a {@link HostsConfigException} (containerd logs those and falls back).
 *
 * <p>{@link #containerd()} also requires the files named by {@code ca} and {@code client} to exist;
 * {@link #underRoot(Path)} does not, so the probe's {@code lint-node} can parse a node's files and
 * report a missing file as a finding.
 */
public final class HostsFileParser {
  private static final Set<String> HOST_KEYS =
      Set.of(
          "capabilities", "ca", "client", "skip_verify", "header", "override_path", "dial_timeout");
  private static final String SERVER = "server";
  private static final String HOST = "host";

  private final TomlMapper mapper = new TomlMapper();
  private final PathResolver resolver;
  private final boolean requireFiles;

  /**
   * @param resolver turns paths written in the file into file paths
   * @param requireFiles when true, a {@code ca} or {@code client} file that does not exist is an
   *     error; when false, paths are only resolved
   */
  public HostsFileParser(PathResolver resolver, boolean requireFiles) {
    this.resolver = resolver;
    this.requireFiles = requireFiles;
  }

  /**
   * The parser {@link MirrorMap#load(Path)} uses: paths resolved as containerd does on this
   * machine, and every {@code ca} and {@code client} file must exist.
   */
  public static HostsFileParser containerd() {
    return new HostsFileParser(PathResolver.CONTAINERD, true);
  }

  /**
   * For checking a node whose root filesystem is {@code nodeRoot} (the probe's {@code lint-node}):
   * absolute paths resolve under {@code nodeRoot}, and files are not checked for existence, so the
   * caller can report a missing file as a finding.
   */
  public static HostsFileParser underRoot(Path nodeRoot) {
    return new HostsFileParser(PathResolver.underRoot(nodeRoot), false);
  }

  /** Reads and parses {@code file}; its parent directory is the host directory. */
  public HostsFile parse(Path file) throws HostsConfigException {
    String content;
    try {
      content = Files.readString(file);
    } catch (IOException e) {
      throw new HostsConfigException(file, "cannot read: " + e, e);
    }
    return parse(file, content);
  }

  /** Parses {@code content} as the text of {@code file}. */
  public HostsFile parse(Path file, String content) throws HostsConfigException {
    JsonNode root;
    try {
      root = mapper.readTree(content);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new HostsConfigException(
          file, "invalid TOML" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      root = mapper.createObjectNode();
    }
    try {
      return toHostsFile(file, root);
    } catch (Invalid e) {
      throw new HostsConfigException(file, e.getMessage());
    }
  }

  private HostsFile toHostsFile(Path file, JsonNode root) throws Invalid {
    Path hostDir = file.toAbsolutePath().getParent();
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!HOST_KEYS.contains(key) && !key.equals(SERVER) && !key.equals(HOST)) {
        throw new Invalid("unknown key \"" + key + "\"");
      }
    }
    List<HostEndpoint> hosts = new ArrayList<>();
    JsonNode hostTables = root.get(HOST);
    if (hostTables != null) {
      if (!hostTables.isObject()) {
        throw new Invalid("host: must be a table of [host.\"<url>\"] tables");
      }
      // Jackson keeps TOML tables in file order; containerd sorts them by line (getSortedHosts).
      for (Iterator<Map.Entry<String, JsonNode>> it = hostTables.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String where = "host.\"" + entry.getKey() + "\"";
        if (!entry.getValue().isObject()) {
          throw new Invalid(where + ": must be a table");
        }
        for (Iterator<String> keys = entry.getValue().fieldNames(); keys.hasNext(); ) {
          String key = keys.next();
          if (!HOST_KEYS.contains(key)) {
            throw new Invalid(where + ": unknown key \"" + key + "\"");
          }
        }
        URI url = HostUrl.parse(entry.getKey());
        if (url == null) {
          throw new Invalid(where + ": not an http or https URL");
        }
        hosts.add(
            new HostTable(entry.getValue(), where + ".", hostDir, resolver, requireFiles)
                .options()
                .endpoint(url));
      }
    }
    HostOptions rootOptions = new HostTable(root, "", hostDir, resolver, requireFiles).options();
    Optional<HostEndpoint> server = Optional.empty();
    JsonNode serverNode = root.get(SERVER);
    if (serverNode != null) {
      if (!serverNode.isTextual()) {
        throw new Invalid("server: must be a string");
      }
      // containerd treats server = "" as absent.
      if (!serverNode.asText().isEmpty()) {
        URI url = HostUrl.parse(serverNode.asText());
        if (url == null) {
          throw new Invalid("server: \"" + serverNode.asText() + "\" is not an http or https URL");
        }
        server = Optional.of(rootOptions.endpoint(url));
      }
    }
    String directory = hostDir.getFileName() == null ? "" : hostDir.getFileName().toString();
    return new HostsFile(file, directory, hosts, server, rootOptions, hostTables != null);
  }

  /** A problem in the file, turned into a {@link HostsConfigException} naming the file. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }
}
