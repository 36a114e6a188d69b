package dev.airlock.webhook.cache;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A small TTL cache of asynchronous values that coalesces concurrent identical lookups: while a
 * load is in flight every caller of the same key gets the same future, so 500 simultaneous
 * admissions of one new image cost one load. Failed loads and values the caller marks as not
 * cacheable are dropped as soon as they complete. Size is bounded: expired entries go first, then
 * arbitrary completed ones.
 */
public final class CoalescingCache<K, V> {
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final int maxSize;
  private final Consumer<Boolean> onLookup;

  /**
   * @param ttl how long a completed value is reused
   * @param maxSize upper bound of entries
   * @param onLookup told {@code true} on a hit (including joining an in-flight load), {@code false}
   *     on a miss
   */
  public CoalescingCache(Duration ttl, int maxSize, Consumer<Boolean> onLookup) {
    this.ttlNanos = ttl.toNanos();
    this.maxSize = Math.max(1, maxSize);
    this.onLookup = onLookup;
  }

  /**
   * The value for {@code key}: cached, in flight, or loaded now by {@code loader}.
   *
   * @param cacheable whether a loaded value may be kept after it completes
   */
  public CompletableFuture<V> get(
      K key, Supplier<CompletableFuture<V>> loader, Predicate<V> cacheable) {
    Entry<V> existing = entries.get(key);
    if (existing != null && existing.usable()) {
      onLookup.accept(true);
      return existing.future;
    }
    Entry<V> fresh = new Entry<>();
    Entry<V> winner = entries.compute(key, (k, old) -> old != null && old.usable() ? old : fresh);
    if (winner != fresh) {
      onLookup.accept(true);
      return winner.future;
    }
    onLookup.accept(false);
    CompletableFuture<V> load;
    try {
      load = loader.get();
    } catch (RuntimeException e) {
      load = CompletableFuture.failedFuture(e);
    }
    load.whenComplete(
        (value, error) -> {
          if (error == null && cacheable.test(value)) {
            fresh.expiresAt = System.nanoTime() + ttlNanos;
          } else {
            entries.remove(key, fresh);
          }
          if (error == null) {
            fresh.future.complete(value);
          } else {
            fresh.future.completeExceptionally(error);
          }
        });
    if (entries.size() > maxSize) {
      evict();
    }
    return fresh.future;
  }

  /**
   * The value for {@code key} if one is cached, completed and unexpired; empty when it is absent,
   * still loading or failed. Never loads, never waits and counts nothing: a caller that uses the
   * value says so with {@link #countHit()}.
   */
  public Optional<V> peek(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null
        || !entry.future.isDone()
        || entry.future.isCompletedExceptionally()
        || entry.expiresAt == Long.MAX_VALUE
        || entry.expired()) {
      return Optional.empty();
    }
    return Optional.of(entry.future.join());
  }

  /** Counts a hit for a value {@link #peek} gave and the caller used. */
  public void countHit() {
    onLookup.accept(true);
  }

  /** Number of entries, in flight included. */
  public int size() {
    return entries.size();
  }

  public void clear() {
    entries.clear();
  }

  private void evict() {
    entries.values().removeIf(e -> e.expired());
    Iterator<Entry<V>> it = entries.values().iterator();
    while (entries.size() > maxSize && it.hasNext()) {
      if (it.next().future.isDone()) {
        it.remove();
      }
    }
  }

  private static final class Entry<V> {
    final CompletableFuture<V> future = new CompletableFuture<>();
    volatile long expiresAt = Long.MAX_VALUE;

    boolean usable() {
      return !future.isDone() || !expired();
    }

    boolean expired() {
      return expiresAt != Long.MAX_VALUE && System.nanoTime() - expiresAt > 0;
    }
  }
}
