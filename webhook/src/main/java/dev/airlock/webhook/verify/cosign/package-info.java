/**
 * Cosign signature verification at the mirror (issue 4).
 *
 * <h2>What is looked up</h2>
 *
 * For the digest being admitted, at the same endpoints and with the same credentials as the image
 * (the {@link dev.airlock.oci.mirror.MirrorRoute}):
 *
 * <ul>
 *   <li>the legacy tag {@code sha256-<hex>.sig}: each layer of media type {@code
 *       application/vnd.dev.cosign.simplesigning.v1+json} is a simple-signing payload, with its
 *       base64 signature in the annotation {@code dev.cosignproject.cosign/signature} (cosign
 *       {@code specs/SIGNATURE_SPEC.md});
 *   <li>OCI 1.1 referrers of artifact type {@code application/vnd.dev.sigstore.bundle.v0.3+json}
 *       (cosign v3), through the referrers API or the referrers tag schema: each layer of that
 *       media type is a Sigstore bundle whose DSSE envelope holds an in-toto statement with
 *       predicate type {@code https://sigstore.dev/cosign/sign/v1} and the digest as subject.
 *       Bundles of other predicate types (attestations) are ignored.
 * </ul>
 *
 * Only layers and annotations are read, never config blobs. Payload blobs are fetched with a size
 * cap and must hash to their layer digest.
 *
 * <h2>Multi-arch images</h2>
 *
 * A signature covers exactly the digest it names. A signature over an index digest covers a pod
 * that names the index (by tag resolving to it, or by digest); a signature only over one platform's
 * manifest does not cover the index. Sign the index ({@code cosign sign} on the multi-arch tag
 * does).
 *
 * <h2>Trust</h2>
 *
 * Keyless signatures are accepted in both forms: legacy {@code .sig} layers carrying the
 * certificate and Rekor bundle annotations (cosign v2 keyless; checked with the signed entry
 * timestamp, as the format has no inclusion proof), and cosign v3 bundles (certificate, log entry
 * with inclusion proof and checkpoint, signed entry timestamp or RFC 3161 timestamps).
 *
 * <p>Keys: PEM {@code PUBLIC KEY} (or {@code RSA PUBLIC KEY}) blocks, several per entry allowed:
 * ECDSA P-256/P-384/P-521, RSA ≥ 2048 bits (PKCS#1 v1.5 or PSS with SHA-256), Ed25519. Keyless: a
 * local {@code trusted_root.json} and identities (issuer and subject, exact or whole-value regular
 * expression); nothing is fetched from the network. Trust material is parsed once per rule ({@link
 * dev.airlock.webhook.verify.cosign.RuleTrust#compile}).
 *
 * <h2>Failure reasons</h2>
 *
 * Most specific first: {@code identity_mismatch}, {@code digest_mismatch}, {@code malformed},
 * {@code untrusted}, {@code unsigned}; registry failures and timeouts are {@code error} and never
 * pass. See {@link dev.airlock.webhook.verify.cosign.CosignSignatureVerifier} for the messages.
 */
package dev.airlock.webhook.verify.cosign;
