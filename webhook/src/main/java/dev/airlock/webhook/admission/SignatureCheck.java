package dev.airlock.webhook.admission;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.webhook.cache.CoalescingCache;
import dev.airlock.webhook.config.CacheConfig;
import dev.airlock.webhook.metrics.WebhookMetrics;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.PolicyChanged;
import dev.airlock.webhook.verify.SignatureVerifier;
import dev.airlock.webhook.verify.VerificationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Step 7: the rule's attestors against a digest, through the one {@link SignatureVerifier}. Passed
 * verifications are cached by everything the verdict depends on: the endpoints the signatures are
 * looked up at (hosts, repository path, {@code ns}), the digest, the rule's trust fingerprint and
 * what the rule's {@code signedIdentity} reads of the pod's image name ({@link
 * SignatureVerifier#nameInputs}) — so a name that another signature's docker-reference does not
 * cover is never admitted on the strength of a cached pass for a different name with the same
 * digest. Failures are not cached. Concurrent identical checks are coalesced.
 */
@ApplicationScoped
public class SignatureCheck {
  private final SignatureVerifier verifier;
  private final WebhookMetrics metrics;
  private final CoalescingCache<Key, Boolean> cache;

  private record Key(
      List<MirrorEndpoint> endpoints, Digest digest, String fingerprint, Object nameInputs) {}

  public SignatureCheck(SignatureVerifier verifier, CacheConfig config, WebhookMetrics metrics) {
    this.verifier = verifier;
    this.metrics = metrics;
    this.cache =
        new CoalescingCache<>(
            config.verificationTtl(),
            config.verificationMaxSize(),
            hit -> metrics.cache("verification", hit));
  }

  /**
   * Completes normally when the digest is proven; exceptionally with {@link VerificationException}
   * otherwise; verifies on the calling thread, or joins the check another admission has in flight.
   */
  public CompletableFuture<Boolean> verify(
      MirrorRoute route, Digest digest, CompiledRule rule, Deadline deadline) {
    return cache.get(key(route, digest, rule), () -> load(route, digest, rule, deadline), p -> p);
  }

  /**
   * True when a passed verification is cached (never verifies, never waits, counts nothing: see
   * {@link #countCachedHit()}).
   */
  public boolean cachedPass(MirrorRoute route, Digest digest, CompiledRule rule) {
    return cache.peek(key(route, digest, rule)).orElse(false);
  }

  /** Counts the use of a verdict {@link #cachedPass} gave. */
  public void countCachedHit() {
    cache.countHit();
  }

  private Key key(MirrorRoute route, Digest digest, CompiledRule rule) {
    return new Key(
        route.endpoints(),
        digest,
        rule.fingerprint(),
        verifier.nameInputs(route, rule.rule().signedIdentity()));
  }

  /** Verifies on the calling thread (the admission's own, which waits for it anyway). */
  private CompletableFuture<Boolean> load(
      MirrorRoute route, Digest digest, CompiledRule rule, Deadline deadline) {
    try {
      verifier.verify(route, digest, rule, deadline);
      metrics.verification("verified");
      return CompletableFuture.completedFuture(true);
    } catch (VerificationException e) {
      metrics.verification(e.failure().label());
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      metrics.verification("error");
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Drops every cached result. */
  public void clear() {
    cache.clear();
  }

  /** A new policy or trusted root: earlier verdicts are void (the new rules carry new trust). */
  void onPolicyChanged(@Observes PolicyChanged event) {
    cache.clear();
  }
}
