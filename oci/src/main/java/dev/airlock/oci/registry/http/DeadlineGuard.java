package dev.airlock.oci.registry.http;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes the connection when the deadline passes while it connects or reads the answer's head,
 * unless the exchange finished first; the lock makes sure a connection already handed back to the
 * keep-alive pool is never closed. While the body is read it only notes the deadline: the JDK's
 * {@code disconnect()} would wait for the read in progress, so {@link CappedBody} checks the
 * deadline between reads instead (and each read is bounded by the read timeout).
 */
final class DeadlineGuard implements Runnable {
  private final HttpURLConnection connection;
  private boolean finished;
  private boolean fired;
  private boolean readingBody;

  DeadlineGuard(HttpURLConnection connection) {
    this.connection = connection;
  }

  @Override
  public synchronized void run() {
    if (!finished) {
      fired = true;
      if (!readingBody) {
        connection.disconnect();
      }
    }
  }

  /** Whether the deadline passed already (e.g. while the name resolved, which nothing can stop). */
  synchronized boolean fired() {
    return fired;
  }

  /** From here on the body is read: the guard no longer closes the connection. */
  synchronized void readingBody() {
    readingBody = true;
  }

  /** Marks the exchange finished; false when the guard fired first (the deadline passed). */
  synchronized boolean finish() {
    finished = true;
    return !fired;
  }

  /** Arms the guard to fire after {@code remaining}; cancel the result when done. */
  ScheduledFuture<?> arm(Duration remaining) {
    return TIMER.schedule(this, remaining.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** One daemon thread that aborts bodies still arriving when their deadline passes. */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "airlock-http-deadline");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
