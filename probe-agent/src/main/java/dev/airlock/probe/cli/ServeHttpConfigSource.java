package dev.airlock.probe.cli;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Enables Quarkus' HTTP server for {@code serve} only. {@code application.properties} sets {@code
 * quarkus.http.host-enabled=false} so the one-shot commands need no free port (Quarkus binds its
 * port in command mode too); this source, just above {@code application.properties} (ordinal 250)
 * and below environment variables (300) and system properties (400), says {@code true} when {@link
 * ServeMode} is {@code serve}. Registered through {@code META-INF/services}.
 */
public final class ServeHttpConfigSource implements ConfigSource {
  static final String HOST_ENABLED = "quarkus.http.host-enabled";
  private static final int ORDINAL = 260;

  @Override
  public Map<String, String> getProperties() {
    return ServeMode.serving() ? Map.of(HOST_ENABLED, "true") : Map.of();
  }

  @Override
  public Set<String> getPropertyNames() {
    return getProperties().keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return getProperties().get(propertyName);
  }

  @Override
  public String getName() {
    return "airlock-serve-http";
  }

  @Override
  public int getOrdinal() {
    return ORDINAL;
  }
}
