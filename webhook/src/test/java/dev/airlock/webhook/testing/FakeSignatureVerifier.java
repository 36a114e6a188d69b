package dev.airlock.webhook.testing;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.verify.SignatureVerifier;
import dev.airlock.webhook.verify.VerificationException;
import dev.airlock.webhook.verify.VerificationFailure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A verifier test double: digests marked signed pass; others fail as configured (unsigned by
 * default), with the message the Cosign verifier gives for that failure ({@link #message}).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FakeSignatureVerifier implements SignatureVerifier {
  private final Set<Digest> signed = ConcurrentHashMap.newKeySet();
  private final Map<Digest, VerificationFailure> failures = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();

  public void sign(Digest digest) {
    signed.add(digest);
  }

  public void fail(Digest digest, VerificationFailure failure) {
    failures.put(digest, failure);
  }

  public void reset() {
    signed.clear();
    failures.clear();
    calls.set(0);
  }

  public int calls() {
    return calls.get();
  }

  /**
   * What {@code CosignSignatureVerifier} says for {@code failure} (its Javadoc lists the messages);
   * the admission path must pass it on unchanged.
   */
  public static String message(VerificationFailure failure) {
    return switch (failure) {
      case UNSIGNED -> "no signature found at the mirror";
      case UNTRUSTED -> "no signature by a trusted key";
      case DIGEST_MISMATCH ->
          "trusted signature is for another digest: sha256:"
              + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
      case IDENTITY_MISMATCH ->
          "trusted signature is for another image: registry.example.com/payments/other";
      case MALFORMED -> "malformed signature: signature annotation is not base64";
      case ERROR -> "signature lookup at the mirror failed: connection refused";
    };
  }

  @Override
  public void verify(MirrorRoute route, Digest digest, CompiledRule rule, Deadline deadline)
      throws VerificationException {
    calls.incrementAndGet();
    if (signed.contains(digest)) {
      return;
    }
    VerificationFailure failure = failures.getOrDefault(digest, VerificationFailure.UNSIGNED);
    throw new VerificationException(failure, message(failure));
  }
}
