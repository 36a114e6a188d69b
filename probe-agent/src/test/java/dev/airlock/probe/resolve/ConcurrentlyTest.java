package dev.airlock.probe.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {

  @Test
  void map_keepsInputOrder() {
    List<Integer> items = IntStream.range(0, 50).boxed().toList();
    assertThat(Concurrently.map(items, i -> "#" + i))
        .containsExactlyElementsOf(items.stream().map(i -> "#" + i).toList());
  }

  @Test
  void map_checkThrows_rethrows() {
    assertThatThrownBy(
            () ->
                Concurrently.map(
                    List.of(1, 2, 3),
                    i -> {
                      if (i == 2) {
                        throw new IllegalArgumentException("bad 2");
                      }
                      return i;
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad 2");
  }
}
