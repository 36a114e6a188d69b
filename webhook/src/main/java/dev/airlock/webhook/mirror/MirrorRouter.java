package dev.airlock.webhook.mirror;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import java.util.Optional;

/** Step 4: where containerd pulls an image from (the boundary to the {@code oci} MirrorMap). */
public interface MirrorRouter {

  /** The route for {@code image}; empty when its registry has no mirror (unmirrored). */
  Optional<MirrorRoute> route(ImageReference image);

  /** True once the hosts directory has been loaded. */
  boolean loaded();
}
