package dev.airlock.webhook.admission;

import dev.airlock.webhook.config.AdmissionConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Threads for blocking registry and signature work, so nothing blocks the Vert.x event loop or the
 * request worker beyond its deadline. Bounded; queued work is abandoned by its caller's deadline.
 */
@ApplicationScoped
public class WorkerPool implements Executor {
  private final ThreadPoolExecutor pool;

  public WorkerPool(AdmissionConfig config) {
    AtomicInteger count = new AtomicInteger();
    int size = Math.max(1, config.maxWorkers());
    this.pool =
        new ThreadPoolExecutor(
            size,
            size,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "airlock-worker-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /** Runs {@code work} on a worker thread. */
  public <T> CompletableFuture<T> supply(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, pool);
  }

  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
