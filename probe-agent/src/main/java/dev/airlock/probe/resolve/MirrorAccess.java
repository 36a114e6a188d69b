package dev.airlock.probe.resolve;

import dev.airlock.oci.mirror.HostsConfigException;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.registry.auth.CredentialsFileException;
import dev.airlock.oci.registry.auth.DockerConfigCredentials;
import dev.airlock.oci.registry.http.HttpRegistryClient;
import dev.airlock.probe.config.MirrorConfig;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * Opens the mirror from {@code airlock.mirror.hosts-dir} and {@code airlock.registry.auth-file}:
 * the {@code hosts.toml} map is read on every {@link #open()} (the directory is a ConfigMap that
 * changes), the registry client is built once.
 */
@Singleton
public class MirrorAccess {
  private final MirrorConfig config;
  private RegistryClient client;

  public MirrorAccess(MirrorConfig config) {
    this.config = config;
  }

  public MirrorResolver open() throws MirrorSetupException {
    Path hostsDir =
        config
            .mirror()
            .hostsDir()
            .orElseThrow(
                () ->
                    new MirrorSetupException(
                        "airlock.mirror.hosts-dir (AIRLOCK_MIRROR_HOSTS_DIR) is not set", null));
    MirrorMap map;
    try {
      map = MirrorMap.load(hostsDir);
    } catch (HostsConfigException e) {
      throw new MirrorSetupException("airlock.mirror.hosts-dir: " + e.getMessage(), e);
    }
    return new MirrorResolver(map, client());
  }

  private synchronized RegistryClient client() throws MirrorSetupException {
    if (client == null) {
      CredentialStore credentials = CredentialStore.ANONYMOUS;
      if (config.registry().authFile().isPresent()) {
        try {
          credentials = DockerConfigCredentials.load(config.registry().authFile().get());
        } catch (CredentialsFileException e) {
          throw new MirrorSetupException("airlock.registry.auth-file: " + e.getMessage(), e);
        }
      }
      client =
          new HttpRegistryClient(
              RegistryClientOptions.defaults(), credentials, RegistryObserver.NONE);
    }
    return client;
  }
}
