package dev.airlock.oci.registry.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bearer tokens keyed by realm, service and scope, kept until they expire. A token is dropped a
 * little before its {@code expires_in} ends (a tenth of its lifetime, at most 10 s) so it is not
 * sent just as it lapses.
 */
public final class TokenCache {
  private static final Duration MAX_MARGIN = Duration.ofSeconds(10);

  /**
   * Most tokens kept: scopes name repositories, which pods choose, so the cache is bounded; past it
   * expired tokens go first, then those expiring soonest.
   */
  public static final int MAX_ENTRIES = 10_000;

  /** The cache key: distribution token spec request parameters. */
  public record Key(String realm, String service, String scope) {}

  private record Entry(String token, long expiresAtNanos) {}

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  /** A cache on {@link System#nanoTime()}. */
  public TokenCache() {
    this(System::nanoTime);
  }

  /** A cache on the given monotonic clock (tests). */
  public TokenCache(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The cached token for {@code key}, unless it has expired. */
  public Optional<String> get(Key key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.expiresAtNanos - nanoTime.getAsLong() <= 0) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry.token);
  }

  /** Keeps {@code token} for {@code lifetime} from now (less the safety margin). */
  public void put(Key key, String token, Duration lifetime) {
    Duration margin = lifetime.dividedBy(10);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    long now = nanoTime.getAsLong();
    entries.put(key, new Entry(token, now + lifetime.minus(margin).toNanos()));
    if (entries.size() > MAX_ENTRIES) {
      evict(now);
    }
  }

  private synchronized void evict(long now) {
    entries.values().removeIf(e -> e.expiresAtNanos - now <= 0);
    if (entries.size() <= MAX_ENTRIES) {
      return;
    }
    entries.entrySet().stream()
        .sorted(java.util.Comparator.comparingLong(e -> e.getValue().expiresAtNanos - now))
        .limit(entries.size() - MAX_ENTRIES * 9L / 10)
        .map(Map.Entry::getKey)
        .toList()
        .forEach(entries::remove);
  }

  /** Tokens held now. */
  public int size() {
    return entries.size();
  }

  /** Forgets {@code key} (after the registry refused the token). */
  public void remove(Key key) {
    entries.remove(key);
  }
}
