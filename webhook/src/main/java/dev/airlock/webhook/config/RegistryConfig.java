package dev.airlock.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Credentials for the mirror registries. */
@ConfigMapping(prefix = "airlock.registry")
public interface RegistryConfig {

  /**
   * Optional docker {@code config.json} ({@code AIRLOCK_REGISTRY_AUTH_FILE}) with credentials for
   * the mirror hosts. Absent: anonymous access.
   */
  Optional<Path> authFile();

  /**
   * Hosts ({@code host[:port]}) a mirror may redirect requests to besides the hosts of the hosts
   * directory, e.g. the object store a registry hands blob downloads to. Redirects anywhere else,
   * and from https to http, are refused.
   */
  Optional<List<String>> redirectHosts();

  /**
   * Requests in flight to one mirror host at once; up to as many more wait at most 200 ms for a
   * place, any other fails (and the next endpoint of the hosts.toml is tried), so one mirror that
   * never answers cannot hold every worker.
   */
  @WithDefault("32")
  int maxConcurrentPerHost();
}
