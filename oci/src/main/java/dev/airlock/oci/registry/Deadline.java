package dev.airlock.oci.registry;

import java.time.Duration;

/**
 * A point in monotonic time by which a call must finish. Every registry verb takes one, so retries
 * and endpoint fail-over never run past the admission deadline.
 */
public final class Deadline {
  private final long deadlineNanos;

  private Deadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** A deadline {@code budget} from now. */
  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /** Time left, never negative. */
  public Duration remaining() {
    long left = deadlineNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  public boolean expired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }

  /** The earlier of this deadline and {@code budget} from now. */
  public Deadline atMost(Duration budget) {
    long other = System.nanoTime() + budget.toNanos();
    return other - deadlineNanos < 0 ? new Deadline(other) : this;
  }
}
