package dev.airlock.webhook.verify.cosign;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * sigstore-java binds Rekor entry bodies with Gson by reflection ({@code RekorTypes}); a native
 * image needs these classes registered. Not yet exercised in a native build.
 */
@RegisterForReflection(
    targets = {
      dev.sigstore.rekor.dsse.v0_0_1.Dsse.class,
      dev.sigstore.rekor.dsse.v0_0_1.EnvelopeHash.class,
      dev.sigstore.rekor.dsse.v0_0_1.EnvelopeHash.Algorithm.class,
      dev.sigstore.rekor.dsse.v0_0_1.PayloadHash.class,
      dev.sigstore.rekor.dsse.v0_0_1.PayloadHash.Algorithm.class,
      dev.sigstore.rekor.dsse.v0_0_1.ProposedContent.class,
      dev.sigstore.rekor.dsse.v0_0_1.Signature.class,
      dev.sigstore.rekor.hashedRekord.v0_0_1.HashedRekord.class,
      dev.sigstore.rekor.hashedRekord.v0_0_1.Data.class,
      dev.sigstore.rekor.hashedRekord.v0_0_1.Hash.class,
      dev.sigstore.rekor.hashedRekord.v0_0_1.Hash.Algorithm.class,
      dev.sigstore.rekor.hashedRekord.v0_0_1.PublicKey.class,
      dev.sigstore.rekor.hashedRekord.v0_0_1.Signature.class
    })
final class SigstoreReflection {
  private SigstoreReflection() {}
}
