package dev.airlock.webhook.admission;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.webhook.admission.ImageOutcome.Denied;
import dev.airlock.webhook.admission.ImageOutcome.Failed;
import dev.airlock.webhook.policy.CompiledRule;
import dev.airlock.webhook.verify.VerificationException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Turns what went wrong in the resolve and verify steps into outcomes with a clear cause: registry
 * errors and timeouts are {@link Failed} (fail closed), proven signature failures are {@link
 * Denied}.
 */
final class FailureOutcomes {
  private static final Logger LOG = Logger.getLogger(FailureOutcomes.class);

  /** The cause of every timeout; the same whichever step was waiting. */
  static final String TIMEOUT_CAUSE = "no answer from the mirror before the admission deadline";

  private FailureOutcomes() {}

  static ImageOutcome signature(
      Throwable error, ImageReference image, CompiledRule rule, Digest digest, Deadline deadline) {
    Optional<CompiledRule> matched = Optional.of(rule);
    Optional<Digest> checked = Optional.of(digest);
    if (error instanceof TimeoutException) {
      return new Failed(Reason.TIMEOUT, matched, checked, TIMEOUT_CAUSE);
    }
    if (!(error instanceof VerificationException v)) {
      return unexpected("signature check of " + image, error, matched, Optional.of(digest));
    }
    LOG.debugf(
        "signature check of %s@%s (rule %s): %s", image, digest, rule.name(), v.getMessage());
    // The verifier's messages are written for denials (VerificationException).
    String cause = v.getMessage();
    return switch (v.failure()) {
      case UNSIGNED -> new Denied(Reason.UNSIGNED, matched, checked, cause);
      case UNTRUSTED -> new Denied(Reason.UNTRUSTED, matched, checked, cause);
      case DIGEST_MISMATCH -> new Denied(Reason.DIGEST_MISMATCH, matched, checked, cause);
      case IDENTITY_MISMATCH -> new Denied(Reason.IDENTITY_MISMATCH, matched, checked, cause);
      case MALFORMED -> new Denied(Reason.MALFORMED, matched, checked, cause);
      case ERROR ->
          deadline.expired() || timedOut(v)
              ? new Failed(Reason.TIMEOUT, matched, checked, TIMEOUT_CAUSE)
              : new Failed(Reason.REGISTRY_ERROR, matched, checked, cause);
    };
  }

  /**
   * Whether the registry said the deadline passed: its timers may fire a hair before this clock
   * does (timeouts are whole milliseconds), and a timeout is a timeout either way.
   */
  private static boolean timedOut(VerificationException v) {
    return v.getCause() instanceof RegistryException r
        && r.kind() == RegistryException.Kind.TIMEOUT;
  }

  static ImageOutcome registry(Throwable error, MirrorRoute route, Optional<CompiledRule> rule) {
    String location = route.mirrorLocation();
    if (error instanceof TimeoutException
        || (error instanceof RegistryException r && r.kind() == RegistryException.Kind.TIMEOUT)) {
      return new Failed(Reason.TIMEOUT, rule, Optional.empty(), TIMEOUT_CAUSE);
    }
    if (error instanceof RegistryException r) {
      Reason reason =
          r.kind() == RegistryException.Kind.DIGEST_MISMATCH
              ? Reason.DIGEST_MISMATCH
              : Reason.REGISTRY_ERROR;
      return new Failed(
          reason, rule, Optional.empty(), "mirror " + location + ": " + r.getMessage());
    }
    return unexpected("mirror " + location, error, rule, Optional.empty());
  }

  /**
   * A failure of no known kind: denied with a fixed message; the detail goes to the log only (an
   * exception's text may quote configuration, such as a header value, that a pod's author must not
   * see).
   */
  static Failed unexpected(
      String what, Throwable error, Optional<CompiledRule> rule, Optional<Digest> digest) {
    LOG.errorf(error, "%s failed unexpectedly", what);
    return new Failed(
        Reason.REGISTRY_ERROR,
        rule,
        digest,
        what + ": internal error (" + error.getClass().getSimpleName() + "; see the webhook log)");
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
