package dev.airlock.webhook.verify.cosign;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.Manifest;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.webhook.verify.VerificationException;
import dev.airlock.webhook.verify.VerificationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the signatures of a digest at the mirror, through the same route (endpoints, credentials)
 * as the image:
 *
 * <ul>
 *   <li>the legacy tag {@code sha256-<hex>.sig} (cosign SIGNATURE_SPEC.md): every layer of media
 *       type {@code application/vnd.dev.cosign.simplesigning.v1+json}, with its signature in the
 *       {@code dev.cosignproject.cosign/signature} annotation;
 *   <li>OCI 1.1 referrers of artifact type {@code application/vnd.dev.sigstore.bundle.v0.3+json}
 *       (cosign v3), through the referrers API or its fallback tag ({@link
 *       RegistryClient#referrers}): every layer of that media type.
 * </ul>
 *
 * Only layers and their annotations are read, never config blobs (writers differ there). Registry
 * failures and deadlines throw {@link VerificationFailure#ERROR}; content that cannot be used (a
 * missing, oversized or corrupt blob) becomes an {@link SignatureArtifact.Unreadable}.
 */
final class SignatureDiscovery {
  static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  static final String BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** Simple-signing payloads are a few hundred bytes; optional annotations may add some. */
  static final long MAX_PAYLOAD_BYTES = 256 * 1024;

  /** A bundle with a certificate chain, log entry and timestamps is a few kilobytes. */
  static final long MAX_BUNDLE_BYTES = 1024 * 1024;

  /** At most this many signature layers and referrers are read per digest. */
  static final int MAX_ARTIFACTS = 32;

  private final RegistryClient registry;

  SignatureDiscovery(RegistryClient registry) {
    this.registry = registry;
  }

  /** The layers of the legacy {@code sha256-<hex>.sig} manifest. */
  List<SignatureArtifact> legacy(MirrorRoute route, Digest digest, Deadline deadline)
      throws VerificationException {
    List<SignatureArtifact> found = new ArrayList<>();
    try {
      legacy(route, digest, deadline, found);
    } catch (RegistryException e) {
      throw lookupFailed(e);
    }
    return found;
  }

  /** The bundle layers of the digest's OCI 1.1 referrers. */
  List<SignatureArtifact> bundles(MirrorRoute route, Digest digest, Deadline deadline)
      throws VerificationException {
    List<SignatureArtifact> found = new ArrayList<>();
    try {
      bundles(route, digest, deadline, found);
    } catch (RegistryException e) {
      throw lookupFailed(e);
    }
    return found;
  }

  private void legacy(
      MirrorRoute route, Digest digest, Deadline deadline, List<SignatureArtifact> found)
      throws RegistryException {
    // One GET by tag (not HEAD, then GET by digest): the .sig manifest's own digest decides
    // nothing; its payload layers are fetched by digest and checked, and their signatures verified.
    Optional<Manifest> manifest = registry.manifestByTag(route, digest.tagFor("sig"), deadline);
    if (manifest.isEmpty()) {
      return;
    }
    for (Descriptor layer : manifest.get().layers()) {
      if (!SIMPLE_SIGNING.equals(layer.mediaType()) || found.size() >= MAX_ARTIFACTS) {
        continue;
      }
      Optional<byte[]> payload = content(route, layer, MAX_PAYLOAD_BYTES, deadline, found);
      payload.ifPresent(
          bytes ->
              found.add(
                  new SignatureArtifact.SimpleSigning(
                      layer.digest(), bytes, Map.copyOf(layer.annotations()))));
    }
  }

  private void bundles(
      MirrorRoute route, Digest digest, Deadline deadline, List<SignatureArtifact> found)
      throws RegistryException {
    int referrers = 0;
    for (Descriptor referrer : registry.referrers(route, digest, Optional.of(BUNDLE), deadline)) {
      if (referrer.artifactType().map(type -> !type.equals(BUNDLE)).orElse(false)
          || referrers++ >= MAX_ARTIFACTS) {
        continue;
      }
      Optional<Manifest> manifest = registry.manifest(route, referrer.digest(), deadline);
      if (manifest.isEmpty()) {
        found.add(
            new SignatureArtifact.Unreadable(
                "signature referrer " + referrer.digest() + " is missing"));
        continue;
      }
      for (Descriptor layer : manifest.get().layers()) {
        if (!BUNDLE.equals(layer.mediaType()) || found.size() >= 2 * MAX_ARTIFACTS) {
          continue;
        }
        content(route, layer, MAX_BUNDLE_BYTES, deadline, found)
            .ifPresent(bytes -> found.add(new SignatureArtifact.Bundle(layer.digest(), bytes)));
      }
    }
  }

  /** A layer blob checked against its digest; unusable content is recorded as unreadable. */
  private Optional<byte[]> content(
      MirrorRoute route,
      Descriptor layer,
      long maxBytes,
      Deadline deadline,
      List<SignatureArtifact> found)
      throws RegistryException {
    Optional<byte[]> blob;
    try {
      blob = registry.blob(route, layer.digest(), maxBytes, deadline);
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.DIGEST_MISMATCH
          || e.kind() == RegistryException.Kind.MALFORMED) {
        found.add(
            new SignatureArtifact.Unreadable(
                "signature layer " + layer.digest() + " is unusable: " + e.getMessage()));
        return Optional.empty();
      }
      throw e;
    }
    if (blob.isEmpty()) {
      found.add(
          new SignatureArtifact.Unreadable(
              "signature layer " + layer.digest() + " is missing at the mirror"));
      return Optional.empty();
    }
    // SIGNATURE_SPEC.md: the payload is the layer; its bytes must hash to the layer digest.
    if (!layer.digest().matches(blob.get())) {
      found.add(
          new SignatureArtifact.Unreadable(
              "signature layer " + layer.digest() + " does not match its digest"));
      return Optional.empty();
    }
    return blob;
  }

  private static VerificationException lookupFailed(RegistryException e) {
    String message =
        e.kind() == RegistryException.Kind.TIMEOUT
            ? "signature lookup at the mirror timed out"
            : "signature lookup at the mirror failed: " + e.getMessage();
    return new VerificationException(VerificationFailure.ERROR, message, e);
  }
}
