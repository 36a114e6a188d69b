package dev.airlock.probe.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one registry check per item on a few threads, results in input order: a list of hundreds of
 * images must not take hundreds of sequential deadlines when the mirror is slow or down. The
 * registry client is thread-safe; each item has its own deadline.
 */
public final class Concurrently {
  /** Parallel registry checks; small, so a mirror is never flooded. */
  public static final int THREADS = 8;

  private Concurrently() {}

  public static <T, R> List<R> map(List<T> items, Function<T, R> check) {
    if (items.size() <= 1) {
      return items.stream().map(check).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, items.size()));
    try {
      List<Future<R>> futures = new ArrayList<>(items.size());
      for (T item : items) {
        futures.add(pool.submit(() -> check.apply(item)));
      }
      List<R> results = new ArrayList<>(items.size());
      for (Future<R> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking images", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
