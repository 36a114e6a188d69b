package dev.airlock.oci.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
  private final AtomicLong now = new AtomicLong();
  private final TokenCache cache = new TokenCache(now::get);
  private final TokenCache.Key key =
      new TokenCache.Key("https://t/token", "svc", "repository:a:pull");

  @Test
  void get_beforeExpiry_returnsToken() {
    cache.put(key, "t1", Duration.ofSeconds(60));
    now.addAndGet(Duration.ofSeconds(53).toNanos());
    assertThat(cache.get(key)).contains("t1");
  }

  @Test
  void get_withinSafetyMarginOfExpiry_isEmpty() {
    cache.put(key, "t1", Duration.ofSeconds(60)); // margin 6 s
    now.addAndGet(Duration.ofSeconds(54).toNanos());
    assertThat(cache.get(key)).isEmpty();
  }

  @Test
  void get_otherScope_isEmpty() {
    cache.put(key, "t1", Duration.ofSeconds(60));
    assertThat(cache.get(new TokenCache.Key("https://t/token", "svc", "repository:b:pull")))
        .isEmpty();
  }

  @Test
  void remove_forgetsToken() {
    cache.put(key, "t1", Duration.ofMinutes(5));
    cache.remove(key);
    assertThat(cache.get(key)).isEmpty();
  }

  /** Regression: one token per repository a pod names, kept forever (an unbounded map). */
  @Test
  void put_manyScopes_staysBoundedAndKeepsTheLongestLived() {
    TokenCache.Key longLived = new TokenCache.Key("https://t/token", "svc", "repository:keep:pull");
    cache.put(longLived, "keep", Duration.ofHours(1));
    for (int i = 0; i < TokenCache.MAX_ENTRIES + 500; i++) {
      cache.put(
          new TokenCache.Key("https://t/token", "svc", "repository:r" + i + ":pull"),
          "t" + i,
          Duration.ofMinutes(5));
    }

    assertThat(cache.size()).isLessThanOrEqualTo(TokenCache.MAX_ENTRIES);
    assertThat(cache.get(longLived)).contains("keep");
  }
}
