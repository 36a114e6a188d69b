package dev.airlock.webhook.wiring;

import dev.airlock.webhook.mirror.MirrorRouter;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Loads the mirror map at start-up, so a broken hosts directory refuses to start. */
@ApplicationScoped
public class StartupChecks {
  private final MirrorRouter mirrors;

  public StartupChecks(MirrorRouter mirrors) {
    this.mirrors = mirrors;
  }

  void onStart(@Observes StartupEvent event) {
    if (!mirrors.loaded()) {
      throw new IllegalStateException("mirror map not loaded");
    }
  }
}
