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
  @CsvSource({"10s, PT8S", "30s, PT28S", "29.5s, PT27.5S", "2s, PT1S", "500ms, PT0.25S"})
  void budget_timeoutMinusMargin(String timeout, Duration budget) throws Exception {
    assertThat(AdmissionTimeout.budget(timeout, TEN, TWO)).isEqualTo(budget);
  }

  /** Regression: {@code ?timeout=60s} ran 58 s; kube-apiserver never sends more than 30 s. */
  @ParameterizedTest
  @ValueSource(strings = {"31s", "1m", "1m30s", "60s", "24h", "999999999999999999h", "1h1h1h1h"})
  void budget_longerThanKubeApiserversMaximum_isCappedAt30s(String timeout) throws Exception {
    assertThat(AdmissionTimeout.budget(timeout, TEN, TWO)).isEqualTo(Duration.ofSeconds(28));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ten", "10", "10x", "0s", "-1s", "s", "1e9s", "0.0000000001s", " 10s"})
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
