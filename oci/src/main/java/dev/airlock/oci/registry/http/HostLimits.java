package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.HostEndpoint;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bulkhead per endpoint authority: at most {@code limit} exchanges in flight to one host. One
 * more waits at most {@link #QUEUE_WAIT} (never past its deadline) for a place and is then refused
 * ({@link Kind#BUSY}) rather than queued, so a mirror that accepts connections and never answers
 * holds at most {@code limit} of the caller's threads (and briefly the waiting ones), and images on
 * other mirrors are still checked in time. The short wait absorbs a healthy mirror that is only
 * slow for a moment (the soak on 2 shared cores saw 131 refusals in 100,000 admissions without it).
 * The caller's fail-over moves on to the next endpoint.
 */
final class HostLimits {
  private final int limit;
  private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();

  /** How long one more exchange may wait for a place before it is refused. */
  static final Duration QUEUE_WAIT = Duration.ofMillis(200);

  HostLimits(int limit) {
    this.limit = limit;
  }

  /** A held place for one exchange with {@code host}; close it when the exchange is over. */
  Permit enter(HostEndpoint host, URI url, Deadline deadline) throws RegistryException {
    Semaphore places =
        inFlight.computeIfAbsent(host.origin().toString(), k -> new Semaphore(limit));
    long wait = Math.min(QUEUE_WAIT.toNanos(), deadline.remaining().toNanos());
    boolean entered;
    try {
      entered = places.tryAcquire() || places.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      entered = false;
    }
    if (!entered) {
      throw new RegistryException(
          Kind.BUSY,
          url,
          host.origin()
              + ": "
              + limit
              + " requests already in flight to this host (airlock.registry.max-concurrent-per-host)");
    }
    return places::release;
  }

  /** A place in flight. */
  @FunctionalInterface
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
