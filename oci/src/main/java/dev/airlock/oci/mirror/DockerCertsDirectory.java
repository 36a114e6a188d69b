package dev.airlock.oci.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A host directory without a (non-empty) {@code hosts.toml}: containerd ({@code hosts.go} {@code
 * loadCertFiles}, docs/hosts.md "Support for Docker's Certificate File Pattern") reads {@code
 * *.crt} files as CAs and {@code *.cert} files (with a {@code .key} of the same name, if present)
 * as client certificates, in file-name order, for the registry's own host.
 */
final class DockerCertsDirectory {
  private DockerCertsDirectory() {}

  static HostsFile read(Path dir) throws HostsConfigException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new HostsConfigException(dir, "cannot list: " + e, e);
    }
    List<Path> cas = new ArrayList<>();
    List<ClientCertificate> clients = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.endsWith(".crt")) {
        cas.add(f.toAbsolutePath());
      } else if (name.endsWith(".cert")) {
        Path key = f.resolveSibling(name.substring(0, name.length() - 5) + ".key");
        clients.add(
            new ClientCertificate(
                f.toAbsolutePath(),
                Files.isRegularFile(key) ? Optional.of(key.toAbsolutePath()) : Optional.empty()));
      }
    }
    HostOptions options =
        new HostOptions(
            HostOptions.DEFAULTS.capabilities(),
            cas,
            clients,
            false,
            HostOptions.DEFAULTS.headers(),
            false,
            Optional.empty());
    return new HostsFile(
        dir.resolve("hosts.toml").toAbsolutePath(),
        dir.getFileName().toString(),
        List.of(),
        Optional.empty(),
        options,
        false);
  }
}
