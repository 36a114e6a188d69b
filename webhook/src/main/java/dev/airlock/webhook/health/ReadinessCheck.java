package dev.airlock.webhook.health;

import dev.airlock.webhook.mirror.MirrorRouter;
import dev.airlock.webhook.policy.PolicyHolder;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when a policy and the mirror map are loaded. */
@Readiness
public class ReadinessCheck implements HealthCheck {
  private final PolicyHolder policies;
  private final MirrorRouter mirrors;

  public ReadinessCheck(PolicyHolder policies, MirrorRouter mirrors) {
    this.policies = policies;
    this.mirrors = mirrors;
  }

  @Override
  public HealthCheckResponse call() {
    boolean policy = policies.loaded();
    boolean mirror = mirrors.loaded();
    return HealthCheckResponse.named("airlock-webhook")
        .status(policy && mirror)
        .withData("policy", policy)
        .withData("mirrorMap", mirror)
        .build();
  }
}
