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
  private final Map<String, Places> hosts = new ConcurrentHashMap<>();

  /**
   * One host's places in flight, and the places in its short queue: at most {@code limit} callers
   * wait, so a host that never answers holds at most {@code 2 × limit} caller threads (and the
   * waiting ones for at most {@link #QUEUE_WAIT}), however many admissions name it.
   */
  private record Places(Semaphore inFlight, Semaphore waiting) {}

  /** How long one more exchange may wait for a place before it is refused. */
  static final Duration QUEUE_WAIT = Duration.ofMillis(200);

  private final Duration queueWait;

  HostLimits(int limit) {
    this(limit, QUEUE_WAIT);
  }

  HostLimits(int limit, Duration queueWait) {
    this.limit = limit;
    this.queueWait = queueWait;
  }

  /** A held place for one exchange with {@code host}; close it when the exchange is over. */
  Permit enter(HostEndpoint host, URI url, Deadline deadline) throws RegistryException {
    Places places =
        hosts.computeIfAbsent(
            host.origin().toString(), k -> new Places(new Semaphore(limit), new Semaphore(limit)));
    boolean entered = places.inFlight().tryAcquire();
    if (!entered && places.waiting().tryAcquire()) {
      long wait = Math.min(queueWait.toNanos(), deadline.remaining().toNanos());
      try {
        entered = places.inFlight().tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        places.waiting().release();
      }
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
    return places.inFlight()::release;
  }

  /** A place in flight. */
  @FunctionalInterface
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
