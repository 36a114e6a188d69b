package dev.airlock.oci.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.airlock.oci.mirror.HostEndpoint;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.testing.TestRoutes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostLimitsTest {
  private static final HostEndpoint HOST =
      TestRoutes.host(URI.create("https://mirror.internal"), List.of());
  private static final URI URL = URI.create("https://mirror.internal/v2/");

  /**
   * Regression (this change's own review): with the 200 ms queue unbounded, a host that never
   * answers held one more worker per admission naming it; now at most {@code limit} wait and any
   * other caller is refused while they are still waiting.
   */
  @Test
  void fullHostWithFullQueue_refusesTheNextWhileTheQueueStillWaits() throws Exception {
    HostLimits limits = new HostLimits(1, Duration.ofSeconds(30));
    HostLimits.Permit held = limits.enter(HOST, URL, Deadline.after(Duration.ofSeconds(60)));
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Void> queued =
        CompletableFuture.runAsync(
            () -> {
              waiting.countDown();
              try {
                limits.enter(HOST, URL, Deadline.after(Duration.ofSeconds(60))).close();
              } catch (RegistryException e) {
                // refused after its wait: expected
              }
            });
    waiting.await();
    Thread.sleep(100); // let it reach its wait (it waits up to 30 s)

    // Refused without joining the queue: the old unbounded queue would wait here for 30 s.
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(
                    () -> limits.enter(HOST, URL, Deadline.after(Duration.ofSeconds(60))))
                .isInstanceOfSatisfying(
                    RegistryException.class,
                    e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.BUSY)));
    assertThat(queued.isDone()).as("the queued caller is still waiting").isFalse();

    held.close();
    queued.get(5, TimeUnit.SECONDS);
  }

  @Test
  void placeFreedWithinTheWait_entered() throws Exception {
    HostLimits limits = new HostLimits(1);
    HostLimits.Permit held = limits.enter(HOST, URL, Deadline.after(Duration.ofSeconds(10)));
    CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(held::close);

    limits.enter(HOST, URL, Deadline.after(Duration.ofSeconds(10))).close();
  }
}
