package dev.airlock.probe.resolve;

import dev.airlock.oci.mirror.HostsConfigException;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.CredentialsFileException;
import dev.airlock.oci.registry.http.RegistryClients;
import dev.airlock.probe.config.MirrorConfig;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * The probe-agent's one way to the mirror, for every command and for each {@code serve} round:
 * {@link #map()} reads {@code airlock.mirror.hosts-dir} (a ConfigMap that changes, so once per
 * command or round, never cached), {@link #open(MirrorMap)} pairs a map with the one registry
 * client, built by {@link RegistryClients} on first use with the credentials of {@code
 * airlock.registry.auth-file} and the map's hosts as the hosts redirects may go to. A broken
 * directory or auth file is a {@link MirrorSetupException}: a command exits with its setup error, a
 * {@code serve} round reports failed pulls and tries again next round.
 */
@Singleton
public class MirrorAccess {
  private final MirrorConfig config;
  private RegistryClient client;

  public MirrorAccess(MirrorConfig config) {
    this.config = config;
  }

  /** True when {@code airlock.mirror.hosts-dir} is set (an egress-only probe has none). */
  public boolean configured() {
    return config.mirror().hostsDir().isPresent();
  }

  /** The map and the client, read now. */
  public MirrorResolver open() throws MirrorSetupException {
    return open(map());
  }

  /** {@code map} with the registry client. */
  public MirrorResolver open(MirrorMap map) throws MirrorSetupException {
    return new MirrorResolver(map, client(map));
  }

  /** The hosts directory, read now. */
  public MirrorMap map() throws MirrorSetupException {
    Path hostsDir =
        config
            .mirror()
            .hostsDir()
            .orElseThrow(
                () ->
                    new MirrorSetupException(
                        "airlock.mirror.hosts-dir (AIRLOCK_MIRROR_HOSTS_DIR) is not set", null));
    try {
      return MirrorMap.load(hostsDir);
    } catch (HostsConfigException e) {
      throw new MirrorSetupException("airlock.mirror.hosts-dir: " + e.getMessage(), e);
    }
  }

  private synchronized RegistryClient client(MirrorMap map) throws MirrorSetupException {
    if (client == null) {
      try {
        client =
            RegistryClients.open(
                RegistryClientOptions.defaults().withRedirectHosts(map.authorities()),
                config.registry().authFile(),
                RegistryObserver.NONE);
      } catch (CredentialsFileException e) {
        throw new MirrorSetupException("airlock.registry.auth-file: " + e.getMessage(), e);
      }
    }
    return client;
  }
}
