package dev.airlock.probe.egress;

import java.net.URI;
import java.util.Optional;

/**
 * The outcome of probing one target.
 *
 * @param target what was probed
 * @param outcome what the probe found
 * @param proxy the HTTPS proxy the probe went through, if one was configured for this target
 */
public record EgressResult(EgressTarget target, EgressOutcome outcome, Optional<URI> proxy) {

  public boolean leak() {
    return outcome.leak();
  }
}
