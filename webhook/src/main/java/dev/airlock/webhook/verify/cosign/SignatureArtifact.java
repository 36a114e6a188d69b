package dev.airlock.webhook.verify.cosign;

import dev.airlock.oci.ref.Digest;
import java.util.Map;

/** One signature found at the mirror for a digest, before any check of its content. */
sealed interface SignatureArtifact {

  /**
   * One case per kind of artifact. Java 17 has no exhaustive {@code switch} over a sealed type, so
   * a new kind is added here and every check that handles artifacts stops compiling until it says
   * what the new kind means for it.
   */
  interface Visitor<R> {
    R simpleSigning(SimpleSigning layer);

    R bundle(Bundle bundle);

    R unreadable(Unreadable unreadable);
  }

  <R> R accept(Visitor<R> visitor);

  /**
   * A layer of the legacy {@code sha256-<hex>.sig} manifest (cosign SIGNATURE_SPEC.md).
   *
   * @param layer the layer digest, which {@link #payload} hashes to
   * @param payload the simple-signing payload bytes
   * @param annotations the layer's annotations: the signature, and for keyless signatures the
   *     certificate, chain and Rekor bundle
   */
  record SimpleSigning(Digest layer, byte[] payload, Map<String, String> annotations)
      implements SignatureArtifact {
    static final String SIGNATURE = "dev.cosignproject.cosign/signature";
    static final String CERTIFICATE = "dev.sigstore.cosign/certificate";
    static final String REKOR_BUNDLE = "dev.sigstore.cosign/bundle";

    /** The {@code dev.cosignproject.cosign/signature} annotation, or null if absent. */
    String signature() {
      return annotations.get(SIGNATURE);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.simpleSigning(this);
    }
  }

  /**
   * A Sigstore bundle layer of an OCI 1.1 referrer (cosign v3).
   *
   * @param layer the layer digest
   * @param json the bundle bytes
   */
  record Bundle(Digest layer, byte[] json) implements SignatureArtifact {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.bundle(this);
    }
  }

  /**
   * A signature artifact whose content cannot be used (missing or corrupt blob at the mirror).
   *
   * @param reason what is wrong, for a denial
   */
  record Unreadable(String reason) implements SignatureArtifact {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.unreadable(this);
    }
  }
}
