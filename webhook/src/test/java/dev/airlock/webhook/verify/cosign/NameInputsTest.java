package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.cosign.VerifierFixture.attestor;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.digestOf;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.keyEntry;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.route;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.testing.CosignLayout;
import dev.airlock.webhook.testing.TestKeys;
import dev.airlock.webhook.verify.VerificationException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verification cache (admission {@code SignatureCheck}) shares a pass between two pod names
 * when {@link CosignSignatureVerifier#nameInputs} gives both the same value. Regression corpus for
 * issue 12 finding 2: for every {@code signedIdentity} mode and every docker-reference a signature
 * can carry, no two names that share a digest and a mirror location may share a cache entry while
 * the verifier would answer them differently.
 */
class NameInputsTest {
  static final KeyPair KEY = TestKeys.P256.generate();
  static final Digest IMAGE = digestOf("shared-digest");
  static final String MIRROR = "mirror.internal/team/app";

  /** Names a pod can give one digest behind one mirror location. */
  static final List<String> PODS =
      List.of(
          "registry.example/team/app:1.0",
          "registry.example/team/app:2.0",
          "registry.example/team/app:latest",
          "registry.example/team/app",
          "registry.example/team/app@" + IMAGE,
          "registry.example/team/app:1.0@" + IMAGE,
          "registry.example/team/app:2.0@" + IMAGE,
          "registry.evil/team/app:1.0",
          "registry.evil/team/app",
          "registry.example/team/other:1.0",
          "mirror.internal/team/app:1.0",
          "docker.io/team/app:1.0",
          "team/app:1.0");

  /** What a signature's {@code critical.identity.docker-reference} can say. */
  static final List<String> SIGNED_AS =
      List.of(
          "registry.example/team/app",
          "registry.example/team/app:1.0",
          "registry.example/team/app:latest",
          "registry.evil/team/app:1.0",
          "mirror.internal/team/app:1.0",
          "index.docker.io/team/app:1.0",
          "quay.io/someone/else:9");

  static Stream<Arguments> modesAndReferences() {
    List<Arguments> rows = new ArrayList<>();
    for (SignedIdentity mode : SignedIdentity.values()) {
      for (String reference : SIGNED_AS) {
        rows.add(Arguments.of(mode, reference));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} signed as {1}")
  @MethodSource("modesAndReferences")
  void namesSharingACacheEntry_getTheSameVerdict(SignedIdentity mode, String reference) {
    VerifierFixture fx = new VerifierFixture();
    fx.pushSig(IMAGE, signed(TestKeys.P256, KEY, CosignLayout.payload(reference, IMAGE)));
    CompiledRule rule =
        VerifierFixture.compiled(rule(mode, attestor(1, keyEntry(KEY.getPublic()))));
    Map<Object, Map<String, Boolean>> verdictsByKey = new HashMap<>();
    int passes = 0;
    for (String pod : PODS) {
      MirrorRoute route = route(pod, MIRROR);
      boolean passed;
      try {
        fx.verify(route, IMAGE, rule);
        passed = true;
        passes++;
      } catch (VerificationException e) {
        passed = false;
      }
      verdictsByKey
          .computeIfAbsent(fx.verifier.nameInputs(route, mode), k -> new HashMap<>())
          .put(pod, passed);
    }

    for (Map.Entry<Object, Map<String, Boolean>> entry : verdictsByKey.entrySet()) {
      assertThat(entry.getValue().values().stream().distinct())
          .as("names sharing cache key %s: %s", entry.getKey(), entry.getValue())
          .hasSize(1);
    }
    if (mode == SignedIdentity.ANY) {
      assertThat(passes).as("any: every name passes").isEqualTo(PODS.size());
      assertThat(verdictsByKey).as("any: one entry for every name").hasSize(1);
    } else if (!reference.startsWith(MIRROR)) {
      // a signature naming the mirror location covers every name routed there (by design)
      assertThat(passes).as("%s: some name is refused", mode).isLessThan(PODS.size());
    }
  }
}
