package dev.airlock.webhook.wiring;

import dev.airlock.webhook.verify.SignatureVerifier;
import dev.airlock.webhook.verify.VerificationException;
import dev.airlock.webhook.verify.VerificationFailure;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Until a real verifier bean exists (the Cosign verifier replaces this {@link DefaultBean} by
 * simply being a bean), every rule with attestors is denied: there is no verifier that says yes
 * without checking.
 */
public class VerifierProducer {

  @Produces
  @DefaultBean
  @ApplicationScoped
  SignatureVerifier noVerifier() {
    return (route, digest, rule, deadline) -> {
      throw new VerificationException(
          VerificationFailure.ERROR, "no signature verifier configured");
    };
  }
}
