package dev.airlock.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Time budget of one admission request. */
@ConfigMapping(prefix = "airlock.admission")
public interface AdmissionConfig {

  /**
   * Time kept back from the {@code ?timeout=} kube-apiserver sends, so the answer arrives before
   * kube-apiserver gives up. When the timeout is not larger than the margin, half the timeout is
   * used as budget.
   */
  @WithDefault("2s")
  Duration deadlineMargin();

  /** The timeout assumed when the request URL has no {@code ?timeout=} (kube-apiserver: 10s). */
  @WithDefault("10s")
  Duration defaultTimeout();

  /**
   * Most distinct images one object may name; a larger one is denied without contacting the mirror
   * (one forged Pod of 50,000 containers must not become 100,000 registry requests).
   */
  @WithDefault("128")
  int maxImages();

  /** Upper bound of threads doing registry and signature work at one time. */
  @WithDefault("128")
  int maxWorkers();
}
