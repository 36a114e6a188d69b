package dev.airlock.webhook.wiring;

import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.webhook.verify.SignatureVerifier;
import dev.airlock.webhook.verify.cosign.CosignSignatureVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one {@link SignatureVerifier}: Cosign signatures looked up at the mirror. */
public class VerifierProducer {

  @Produces
  @ApplicationScoped
  SignatureVerifier cosign(RegistryClient registry) {
    return new CosignSignatureVerifier(registry);
  }
}
