package dev.airlock.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdmissionTimeoutTest {
  private static final Duration TEN = Duration.ofSeconds(10);
  private static final Duration TWO = Duration.ofSeconds(2);

  @ParameterizedTest
  @CsvSource({
    "10s, PT8S",
    "30s, PT28S",
    "1m, PT58S",
    "1m30s, PT1M28S",
    "2s, PT1S",
    "500ms, PT0.25S"
  })
  void budget_timeoutMinusMargin(String timeout, Duration budget) throws Exception {
    assertThat(AdmissionTimeout.budget(timeout, TEN, TWO)).isEqualTo(budget);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ten", "10", "10x", "0s", "-1s", "s"})
  void budget_badTimeout_throws(String timeout) {
    assertThatThrownBy(() -> AdmissionTimeout.budget(timeout, TEN, TWO))
        .hasMessage("invalid timeout \"" + timeout + "\": want a duration like 10s");
  }

  @ParameterizedTest
  @ValueSource(strings = {""})
  void budget_absent_usesDefault(String timeout) throws Exception {
    assertThat(AdmissionTimeout.budget(timeout, TEN, TWO)).isEqualTo(Duration.ofSeconds(8));
    assertThat(AdmissionTimeout.budget(null, TEN, TWO)).isEqualTo(Duration.ofSeconds(8));
  }
}
