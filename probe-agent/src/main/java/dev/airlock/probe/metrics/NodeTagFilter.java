package dev.airlock.probe.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Adds the constant label {@code node} to every series when {@code NODE_NAME} is set (the downward
 * API in the DaemonSet), so the instances can be told apart. Quarkus applies {@link MeterFilter}
 * beans to every registry.
 */
@Singleton
public class NodeTagFilter {

  @Produces
  @Singleton
  MeterFilter nodeTag(@ConfigProperty(name = "NODE_NAME") Optional<String> nodeName) {
    return nodeName
        .filter(name -> !name.isBlank())
        .map(name -> MeterFilter.commonTags(Tags.of("node", name)))
        .orElseGet(() -> new MeterFilter() {});
  }
}
