package dev.airlock.webhook.verify.cosign;

import static dev.airlock.webhook.verify.cosign.VerifierFixture.attestor;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.digestOf;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.route;
import static dev.airlock.webhook.verify.cosign.VerifierFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.Rule;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.testing.FakeSigstore;
import dev.airlock.webhook.verify.VerificationFailure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust material is compiled once, with the rule (when the policy loads): a trusted root replaced
 * later changes nothing for the compiled rule; the next compile (a policy reload, which the
 * replaced root triggers: PolicyReloadTest) reads it.
 */
class TrustCacheTest {
  static final MirrorRoute ROUTE =
      route("registry.example/team/app:1.0", "mirror.internal/team/app");
  static final Digest IMAGE = digestOf("image");
  static final String ISSUER = "https://issuer.example";
  static final String SUBJECT = "ci@example.com";

  final VerifierFixture fx = new VerifierFixture();

  @Test
  void verify_trustedRootReplaced_keptUntilRecompiled(@TempDir Path dir) throws Exception {
    FakeSigstore first = new FakeSigstore();
    Path root = first.writeTrustedRoot(dir);
    fx.pushBundle(
        IMAGE,
        first.bundle(IMAGE, DsseBundle.COSIGN_SIGN_PREDICATE, first.defaults(SUBJECT, ISSUER)));
    Rule rule =
        rule(SignedIdentity.ANY, attestor(1, VerifierFixture.keylessEntry(root, ISSUER, SUBJECT)));
    CompiledRule loaded = VerifierFixture.compiled(rule);
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, loaded)).doesNotThrowAnyException();

    new FakeSigstore().writeTrustedRoot(dir);
    assertThatCode(() -> fx.verify(ROUTE, IMAGE, loaded)).doesNotThrowAnyException();

    CompiledRule reloaded = VerifierFixture.compiled(rule);
    assertThat(reloaded.fingerprint()).isNotEqualTo(loaded.fingerprint());
    fx.assertDenied(
        ROUTE,
        IMAGE,
        reloaded,
        VerificationFailure.UNTRUSTED,
        "no signature by a trusted identity");
  }
}
