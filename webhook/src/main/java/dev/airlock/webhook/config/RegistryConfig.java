package dev.airlock.webhook.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Credentials for the mirror registries. */
@ConfigMapping(prefix = "airlock.registry")
public interface RegistryConfig {

  /**
   * Optional docker {@code config.json} ({@code AIRLOCK_REGISTRY_AUTH_FILE}) with credentials for
   * the mirror hosts. Absent: anonymous access.
   */
  Optional<Path> authFile();
}
