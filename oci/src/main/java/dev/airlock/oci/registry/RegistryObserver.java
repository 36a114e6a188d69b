package dev.airlock.oci.registry;

import java.time.Duration;

/**
 * Told about every finished {@link RegistryClient} call, so an application can record {@code
 * airlock_registry_request_duration_seconds{operation}} without {@code oci} depending on a metrics
 * library. Called on the calling thread; must not throw.
 */
@FunctionalInterface
public interface RegistryObserver {
  /** An observer that ignores everything. */
  RegistryObserver NONE = (operation, elapsed, outcome) -> {};

  /** The outcome of one call. */
  enum Outcome {
    /** The call returned content or a positive answer. */
    FOUND,
    /** Not found at every endpoint (empty result). */
    NOT_FOUND,
    /** The call threw a {@link RegistryException}. */
    FAILED
  }

  /**
   * @param operation one of {@code resolve}, {@code manifest}, {@code blob}, {@code blob_exists},
   *     {@code referrers} (a closed set, usable as a metric label)
   * @param elapsed wall time of the whole call, all endpoints and retries included
   * @param outcome how it ended
   */
  void completed(String operation, Duration elapsed, Outcome outcome);
}
