package dev.airlock.webhook.verify.cosign;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.testing.InMemoryRegistry;
import dev.airlock.webhook.policy.Attestor;
import dev.airlock.webhook.policy.AttestorEntry;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.Mode;
import dev.airlock.webhook.policy.Rule;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.SignatureLayer;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationException;
import dev.airlock.webhook.verify.VerificationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A fake mirror with helpers to place cosign signatures, and a verifier on it. */
class VerifierFixture {
  final InMemoryRegistry registry = new InMemoryRegistry();
  final CosignSignatureVerifier verifier = new CosignSignatureVerifier(registry);

  static MirrorRoute route(String image, String mirrorLocation) {
    try {
      return new MirrorRoute(
          ImageReference.parse(image),
          ImageReference.parse(image).registry(),
          Path.of("/etc/containerd/certs.d/_default/hosts.toml"),
          List.of(),
          mirrorLocation);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Digest digestOf(String name) {
    return Digest.sha256(name.getBytes(StandardCharsets.UTF_8));
  }

  static SignatureLayer signed(TestKeys scheme, KeyPair key, byte[] payload) {
    return SignatureLayer.signed(scheme, key, payload);
  }

  /** Pushes a {@code sha256-<hex>.sig} manifest with {@code layers} for {@code image}. */
  void pushSig(Digest image, SignatureLayer... layers) {
    List<Descriptor> descriptors =
        Arrays.stream(layers)
            .map(
                layer -> {
                  Digest digest = registry.putBlob(layer.payload());
                  Map<String, String> annotations = new HashMap<>(layer.extra());
                  if (layer.signature() != null) {
                    annotations.put(CosignLayout.SIGNATURE_ANNOTATION, layer.signature());
                  }
                  return new Descriptor(
                      CosignLayout.SIMPLE_SIGNING,
                      digest,
                      layer.payload().length,
                      Optional.empty(),
                      Map.copyOf(annotations),
                      Optional.empty());
                })
            .toList();
    registry.tag(
        image.tagFor("sig"), registry.putManifest(descriptors, Optional.empty(), Optional.empty()));
  }

  /** Pushes an OCI 1.1 referrer of {@code image} whose one layer is {@code bundle}. */
  void pushBundle(Digest image, byte[] bundle) {
    Digest layer = registry.putBlob(bundle);
    Descriptor manifest =
        registry.putManifest(
            List.of(Descriptor.of(CosignLayout.BUNDLE, layer, bundle.length)),
            Optional.of(Descriptor.of("application/vnd.oci.image.manifest.v1+json", image, 1)),
            Optional.of(CosignLayout.BUNDLE));
    registry.addReferrer(image, manifest);
  }

  static AttestorEntry keyEntry(PublicKey... keys) {
    StringBuilder pem = new StringBuilder();
    for (PublicKey key : keys) {
      pem.append(TestKeys.pem(key));
    }
    return new AttestorEntry.Keys(pem.toString());
  }

  /** A {@code keyless} entry trusting {@code trustedRoot} for exactly one issuer and subject. */
  static AttestorEntry keylessEntry(Path trustedRoot, String issuer, String subject) {
    return new AttestorEntry.Keyless(
        trustedRoot.toString(),
        List.of(
            new AttestorEntry.Identity(
                Optional.of(issuer), Optional.of(subject), Optional.empty(), Optional.empty())));
  }

  static Attestor attestor(int count, AttestorEntry... entries) {
    return new Attestor(count, List.of(entries));
  }

  static Rule rule(SignedIdentity identity, Attestor... attestors) {
    return new Rule(
        "test",
        List.of("**"),
        List.of(),
        Mode.ENFORCE,
        true,
        true,
        identity,
        List.of(attestors),
        false);
  }

  static Rule rule(PublicKey... keys) {
    return rule(SignedIdentity.ANY, attestor(1, keyEntry(keys)));
  }

  /** {@code rule} as the policy loader compiles it (its trust material compiled now). */
  static CompiledRule compiled(Rule rule) {
    try {
      return new CompiledRule(rule, RuleTrust.compile(rule));
    } catch (dev.airlock.webhook.policy.TrustMaterialException e) {
      throw new AssertionError("test rule does not compile: " + e.getMessage(), e);
    }
  }

  void verify(MirrorRoute route, Digest digest, Rule rule) throws VerificationException {
    verify(route, digest, compiled(rule));
  }

  void verify(MirrorRoute route, Digest digest, CompiledRule rule) throws VerificationException {
    verifier.verify(route, digest, rule, Deadline.after(Duration.ofSeconds(30)));
  }

  void assertDenied(
      MirrorRoute route, Digest digest, Rule rule, VerificationFailure failure, String message) {
    assertDenied(route, digest, compiled(rule), failure, message);
  }

  void assertDenied(
      MirrorRoute route,
      Digest digest,
      CompiledRule rule,
      VerificationFailure failure,
      String message) {
    assertThatThrownBy(() -> verify(route, digest, rule))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.getMessage())
                  .as("cause: %s", e.getCause())
                  .isEqualTo(message);
              org.assertj.core.api.Assertions.assertThat(e.failure()).isEqualTo(failure);
            });
  }

  /**
   * One row of a verification table: what the mirror holds, the rule, and the verdict (passes when
   * {@code failure} is null, else denied with exactly {@code message}).
   */
  record Row(
      String name,
      Consumer<VerifierFixture> mirror,
      Rule rule,
      VerificationFailure failure,
      String message) {
    static Row passes(String name, Consumer<VerifierFixture> mirror, Rule rule) {
      return new Row(name, mirror, rule, null, null);
    }

    static Row denied(
        String name,
        Consumer<VerifierFixture> mirror,
        Rule rule,
        VerificationFailure failure,
        String message) {
      return new Row(name, mirror, rule, failure, message);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Arranges the mirror as {@code row} says, verifies {@code digest}, checks the verdict. */
  void check(MirrorRoute route, Digest digest, Row row) throws VerificationException {
    row.mirror().accept(this);
    if (row.failure() == null) {
      verify(route, digest, row.rule());
    } else {
      assertDenied(route, digest, row.rule(), row.failure(), row.message());
    }
  }
}
