package dev.airlock.webhook.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingCacheTest {
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger misses = new AtomicInteger();
  private final CoalescingCache<String, String> cache =
      new CoalescingCache<>(
          Duration.ofMinutes(1), 2, hit -> (hit ? hits : misses).incrementAndGet());

  @Test
  void get_concurrentIdenticalLookups_shareOneLoad() {
    CompletableFuture<String> load = new CompletableFuture<>();
    AtomicInteger loads = new AtomicInteger();
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      answers.add(
          cache.get(
              "k",
              () -> {
                loads.incrementAndGet();
                return load;
              },
              v -> true));
    }
    load.complete("v");

    assertThat(loads).hasValue(1);
    assertThat(answers).allSatisfy(a -> assertThat(a.join()).isEqualTo("v"));
    assertThat(misses).hasValue(1);
    assertThat(hits).hasValue(499);
  }

  @Test
  void get_failedLoad_isNotCached() {
    cache.get("k", () -> CompletableFuture.failedFuture(new IllegalStateException("x")), v -> true);

    CompletableFuture<String> second =
        cache.get("k", () -> CompletableFuture.completedFuture("v"), v -> true);

    assertThat(second.join()).isEqualTo("v");
    assertThat(misses).hasValue(2);
  }

  @Test
  void get_uncacheableValue_isLoadedAgain() {
    cache.get("k", () -> CompletableFuture.completedFuture("absent"), v -> false);

    cache.get("k", () -> CompletableFuture.completedFuture("absent"), v -> false);

    assertThat(misses).hasValue(2);
  }

  @Test
  void get_expiredValue_isLoadedAgain() {
    CoalescingCache<String, String> shortLived =
        new CoalescingCache<>(Duration.ZERO, 10, hit -> (hit ? hits : misses).incrementAndGet());
    shortLived.get("k", () -> CompletableFuture.completedFuture("v1"), v -> true);

    String second =
        shortLived.get("k", () -> CompletableFuture.completedFuture("v2"), v -> true).join();

    assertThat(second).isEqualTo("v2");
  }

  @Test
  void get_beyondMaxSize_evictsCompletedEntries() {
    for (String key : List.of("a", "b", "c", "d")) {
      cache.get(key, () -> CompletableFuture.completedFuture(key), v -> true);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(2);
  }
}
