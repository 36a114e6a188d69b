package dev.airlock.webhook.admission;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.webhook.admission.ImageOutcome.Allowed;
import dev.airlock.webhook.admission.ImageOutcome.Denied;
import dev.airlock.webhook.mirror.MirrorRouter;
import dev.airlock.webhook.policy.Action;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.policy.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Steps 3–7 for one image: parse → mirror location → rule → digest at the mirror → signatures,
 * ending in an {@link ImageOutcome}. Never throws: every failure becomes an outcome.
 */
@ApplicationScoped
public class ImageCheck {

  private final MirrorRouter router;
  private final DigestResolver resolver;
  private final SignatureCheck signatures;
  private final WorkerPool pool;

  /**
   * Where the digest and signature steps get their answers: from the caches alone ({@code null}
   * when a step's answer is not cached), or loaded (or joined while another admission loads it).
   */
  private interface Steps {
    CompletableFuture<Optional<Descriptor>> resolve(
        MirrorRoute route, ImageReference image, Deadline deadline);

    CompletableFuture<Boolean> verify(
        MirrorRoute route, Digest digest, CompiledRule rule, Deadline deadline);
  }

  private final Steps loading;

  public ImageCheck(
      MirrorRouter router, DigestResolver resolver, SignatureCheck signatures, WorkerPool pool) {
    this.router = router;
    this.resolver = resolver;
    this.signatures = signatures;
    this.pool = pool;
    this.loading =
        new Steps() {
          @Override
          public CompletableFuture<Optional<Descriptor>> resolve(
              MirrorRoute route, ImageReference image, Deadline deadline) {
            return resolver.resolve(route, image, deadline);
          }

          @Override
          public CompletableFuture<Boolean> verify(
              MirrorRoute route, Digest digest, CompiledRule rule, Deadline deadline) {
            return signatures.verify(route, digest, rule, deadline);
          }
        };
  }

  /** Answers from the caches alone, noting which it used (counted only if the walk completes). */
  private final class CachedOnly implements Steps {
    boolean usedDigest;
    boolean usedVerdict;

    @Override
    public CompletableFuture<Optional<Descriptor>> resolve(
        MirrorRoute route, ImageReference image, Deadline deadline) {
      Optional<Optional<Descriptor>> cached = resolver.cached(route, image);
      usedDigest = cached.isPresent();
      return cached.map(CompletableFuture::completedFuture).orElse(null);
    }

    @Override
    public CompletableFuture<Boolean> verify(
        MirrorRoute route, Digest digest, CompiledRule rule, Deadline deadline) {
      usedVerdict = signatures.cachedPass(route, digest, rule);
      return usedVerdict ? done(true) : null;
    }

    void countHits() {
      if (usedDigest) {
        resolver.countCachedHit();
      }
      if (usedVerdict) {
        signatures.countCachedHit();
      }
    }
  }

  /**
   * The outcome when it needs no registry request and no verification: the image is refused or
   * passed before those steps, or both their answers are cached. Never blocks, so the request
   * thread may call it; empty when the image needs {@link #check}.
   */
  public Optional<ImageOutcome> fromCache(
      Webhook webhook, String written, Policy policy, String namespace, Deadline deadline) {
    CachedOnly cached = new CachedOnly();
    CompletableFuture<ImageOutcome> outcome =
        walk(webhook, written, policy, namespace, deadline, cached);
    if (outcome == null) {
      return Optional.empty();
    }
    cached.countHits();
    return Optional.of(outcome.join());
  }

  /**
   * The outcome, loading what the caches lack on the calling thread (a worker-pool thread): the
   * digest, then the signatures, without a hand-off between them; a step another admission is
   * already loading is joined, not waited for.
   */
  public CompletableFuture<ImageOutcome> check(
      Webhook webhook, String written, Policy policy, String namespace, Deadline deadline) {
    return walk(webhook, written, policy, namespace, deadline, loading);
  }

  private CompletableFuture<ImageOutcome> walk(
      Webhook webhook,
      String written,
      Policy policy,
      String namespace,
      Deadline deadline,
      Steps steps) {
    if (written == null) {
      return done(denied(Reason.MALFORMED, Optional.empty(), "image must be a string"));
    }
    ImageReference image;
    try {
      image = ImageReference.parse(written);
    } catch (InvalidReferenceException e) {
      return done(
          denied(Reason.MALFORMED, Optional.empty(), "invalid image reference: " + e.getMessage()));
    }
    Optional<MirrorRoute> found;
    try {
      found = router.route(image);
    } catch (RuntimeException e) {
      return done(
          FailureOutcomes.unexpected("mirror lookup", e, Optional.empty(), Optional.empty()));
    }
    if (found.isEmpty()) {
      return done(
          policy.unmirroredImages() == Action.ALLOW
              ? allowedUncovered(Reason.UNMIRRORED)
              : denied(
                  Reason.UNMIRRORED,
                  Optional.empty(),
                  "registry " + image.registry() + " has no mirror in the hosts directory"));
    }
    MirrorRoute route = found.get();
    Optional<CompiledRule> matched = policy.match(route.mirrorLocation(), namespace);
    if (matched.isEmpty()) {
      return done(
          policy.unmatchedImages() == Action.ALLOW
              ? allowedUncovered(Reason.UNMATCHED)
              : denied(
                  Reason.UNMATCHED,
                  Optional.empty(),
                  "no policy rule covers mirror location " + route.mirrorLocation()));
    }
    CompiledRule rule = matched.get();
    if (webhook == Webhook.VALIDATE && rule.rule().verifyDigest() && image.digest().isEmpty()) {
      return done(
          denied(
              Reason.NO_DIGEST,
              matched,
              "not pinned to a digest (rule " + rule.name() + " requires one)"));
    }
    CompletableFuture<Optional<Descriptor>> resolved = steps.resolve(route, image, deadline);
    if (resolved == null) {
      return null;
    }
    if (resolved.isDone() && !resolved.isCompletedExceptionally()) {
      // answered already (cached, or loaded on this thread): go on here; null when cached-only
      // and the verdict is not cached
      try {
        return afterResolve(webhook, image, route, rule, resolved.join(), deadline, steps);
      } catch (RuntimeException e) {
        return done(FailureOutcomes.registry(e, route, matched));
      }
    }
    // joined a lookup another admission has in flight: go on on a worker of our own when it
    // completes, not on the loader's thread (which would run every joiner's signature check)
    return resolved
        .thenComposeAsync(
            descriptor -> afterResolve(webhook, image, route, rule, descriptor, deadline, steps),
            pool)
        .exceptionally(e -> FailureOutcomes.registry(FailureOutcomes.unwrap(e), route, matched));
  }

  private CompletableFuture<ImageOutcome> afterResolve(
      Webhook webhook,
      ImageReference image,
      MirrorRoute route,
      CompiledRule rule,
      Optional<Descriptor> descriptor,
      Deadline deadline,
      Steps steps) {
    Optional<CompiledRule> matched = Optional.of(rule);
    if (descriptor.isEmpty()) {
      String what = image.digest().map(d -> "digest " + d).orElse("tag " + image.identifier());
      return done(
          denied(
              Reason.NO_DIGEST, matched, what + " not found at mirror " + route.mirrorLocation()));
    }
    Digest digest = descriptor.get().digest();
    Optional<Digest> checked = Optional.of(digest);
    if (image.digest().isPresent() && !image.digest().get().equals(digest)) {
      return done(
          new Denied(
              Reason.DIGEST_MISMATCH,
              matched,
              checked,
              "mirror "
                  + route.mirrorLocation()
                  + " serves "
                  + digest
                  + " for "
                  + image.digest().get()));
    }
    Optional<ImageReference> pin =
        webhook == Webhook.MUTATE && rule.rule().mutateDigest() && image.digest().isEmpty()
            ? Optional.of(image.withDigest(digest))
            : Optional.empty();
    if (rule.allowsUnsigned()) {
      return done(new Allowed(Reason.UNSIGNED_ALLOWED, matched, checked, pin));
    }
    ImageOutcome allowed = new Allowed(Reason.VERIFIED, matched, checked, pin);
    CompletableFuture<Boolean> verified = steps.verify(route, digest, rule, deadline);
    if (verified == null) {
      return null;
    }
    return verified.handle(
        (passed, error) -> {
          if (error != null) {
            return FailureOutcomes.signature(
                FailureOutcomes.unwrap(error), image, rule, digest, deadline);
          }
          // only a check that said true admits; anything else is a wiring bug: deny
          return Boolean.TRUE.equals(passed)
              ? allowed
              : FailureOutcomes.unexpected(
                  "signature check of " + image,
                  new IllegalStateException("the signature check answered " + passed),
                  matched,
                  checked);
        });
  }

  private static ImageOutcome allowedUncovered(Reason reason) {
    return new Allowed(reason, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static ImageOutcome denied(Reason reason, Optional<CompiledRule> rule, String cause) {
    return new Denied(reason, rule, Optional.empty(), cause);
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
