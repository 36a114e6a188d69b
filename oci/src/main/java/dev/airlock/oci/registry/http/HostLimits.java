package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.HostEndpoint;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A bulkhead per endpoint authority: at most {@code limit} exchanges in flight to one host. One
 * more is refused at once ({@link Kind#BUSY}) rather than queued, so a mirror that accepts
 * connections and never answers holds at most {@code limit} of the caller's threads, and images on
 * other mirrors are still checked in time. The caller's fail-over moves on to the next endpoint.
 */
final class HostLimits {
  private final int limit;
  private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();

  HostLimits(int limit) {
    this.limit = limit;
  }

  /** A held place for one exchange with {@code host}; close it when the exchange is over. */
  Permit enter(HostEndpoint host, URI url) throws RegistryException {
    Semaphore places =
        inFlight.computeIfAbsent(host.origin().toString(), k -> new Semaphore(limit));
    if (!places.tryAcquire()) {
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
