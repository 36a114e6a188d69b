package dev.airlock.webhook.wiring;

import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.webhook.policy.TrustCompiler;
import dev.airlock.webhook.verify.SignatureVerifier;
import dev.airlock.webhook.verify.cosign.CosignSignatureVerifier;
import dev.airlock.webhook.verify.cosign.RuleTrust;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one {@link SignatureVerifier} (Cosign signatures looked up at the mirror) and the trust
 * compiler the policy loader uses for it ({@link RuleTrust#compile}).
 */
public class VerifierProducer {

  @Produces
  @ApplicationScoped
  SignatureVerifier cosign(RegistryClient registry) {
    return new CosignSignatureVerifier(registry);
  }

  @Produces
  @Singleton
  TrustCompiler cosignTrust() {
    return RuleTrust::compile;
  }
}
