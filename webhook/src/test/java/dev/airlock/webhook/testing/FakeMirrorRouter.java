package dev.airlock.webhook.testing;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.webhook.mirror.MirrorRouter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mirror-map test double (until the oci MirrorMap lands): registry host → mirror prefix; every
 * other registry is unmirrored.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FakeMirrorRouter implements MirrorRouter {
  private static final Map<String, String> PREFIXES =
      Map.of(
          "registry.example.com", "registry.internal/example/",
          "docker.io", "registry.internal/dockerhub/",
          "hang.example", "hang.internal/",
          "broken.example", "broken.internal/");

  @Override
  public Optional<MirrorRoute> route(ImageReference image) {
    String prefix = PREFIXES.get(image.registry());
    if (prefix == null) {
      return Optional.empty();
    }
    return Optional.of(
        new MirrorRoute(
            image,
            image.registry(),
            Path.of("/fake/" + image.registry() + "/hosts.toml"),
            List.of(),
            prefix + image.repository()));
  }

  @Override
  public boolean loaded() {
    return true;
  }
}
