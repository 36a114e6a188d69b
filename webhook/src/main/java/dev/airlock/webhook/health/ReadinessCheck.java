package dev.airlock.webhook.health;

import dev.airlock.webhook.policy.PolicyHolder;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when a policy is loaded. (The mirror map is loaded at start-up or the webhook does not
 * start: {@link dev.airlock.webhook.mirror.MirrorRouter}.)
 */
@Readiness
public class ReadinessCheck implements HealthCheck {
  private final PolicyHolder policies;

  public ReadinessCheck(PolicyHolder policies) {
    this.policies = policies;
  }

  @Override
  public HealthCheckResponse call() {
    boolean policy = policies.loaded();
    return HealthCheckResponse.named("airlock-webhook")
        .status(policy)
        .withData("policy", policy)
        .build();
  }
}
