package dev.airlock.webhook.verify.cosign;

import java.util.Base64;
import java.util.List;

/**
 * The compiled trust anchor of one attestor entry. Each kind says itself how it checks each kind of
 * {@link SignatureArtifact} (through its visitor, so a new artifact kind or a new trust kind does
 * not compile until every pair has an answer), which signers it stands for, and what of it goes
 * into the rule's fingerprint.
 */
sealed interface EntryTrust {

  /** The outcome of {@code artifact} against this entry for {@code target}. */
  Outcome check(SignatureArtifact artifact, Target target);

  /** The signers this entry accepts, as far as they are known before any signature is seen. */
  List<String> signers();

  /** What of this entry decides verdicts, for the rule's trust fingerprint. */
  String fingerprint();

  /** "a key" or "the keyless identity", for messages about this entry. */
  String describe();

  /** The checks of one entry kind; an artifact that cannot be read is malformed for every kind. */
  abstract class Checks implements SignatureArtifact.Visitor<Outcome> {
    @Override
    public Outcome unreadable(SignatureArtifact.Unreadable unreadable) {
      return Outcome.malformed(unreadable.reason());
    }
  }

  /** {@code keys}: signatures must verify with one of these keys. */
  record KeyEntry(List<TrustedKey> keys) implements EntryTrust {
    @Override
    public Outcome check(SignatureArtifact artifact, Target target) {
      return artifact.accept(
          new Checks() {
            @Override
            public Outcome simpleSigning(SignatureArtifact.SimpleSigning layer) {
              return SimpleSigningCheck.check(layer, keys, target);
            }

            @Override
            public Outcome bundle(SignatureArtifact.Bundle bundle) {
              return BundleCheck.keyed(bundle, keys, target);
            }
          });
    }

    @Override
    public List<String> signers() {
      return keys.stream().map(TrustedKey::signerId).distinct().toList();
    }

    @Override
    public String fingerprint() {
      StringBuilder text = new StringBuilder();
      for (TrustedKey key : keys) {
        text.append(" key:")
            .append(Base64.getEncoder().encodeToString(key.publicKey().getEncoded()));
      }
      return text.toString();
    }

    @Override
    public String describe() {
      return "a key";
    }
  }

  /** {@code keyless}: Sigstore bundles verified offline against a local trusted root. */
  record KeylessEntry(KeylessTrust trust) implements EntryTrust {
    @Override
    public Outcome check(SignatureArtifact artifact, Target target) {
      return artifact.accept(
          new Checks() {
            @Override
            public Outcome simpleSigning(SignatureArtifact.SimpleSigning layer) {
              return SimpleSigningCheck.keyless(layer, trust, target);
            }

            @Override
            public Outcome bundle(SignatureArtifact.Bundle bundle) {
              return BundleCheck.keyless(bundle, trust, target);
            }
          });
    }

    @Override
    public List<String> signers() {
      return List.of(trust.fingerprint());
    }

    @Override
    public String fingerprint() {
      return trust.fingerprint();
    }

    @Override
    public String describe() {
      return "the keyless identity";
    }
  }
}
