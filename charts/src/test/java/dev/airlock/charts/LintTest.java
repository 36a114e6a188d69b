package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} with the stock values and with every ci/ values file. */
class LintTest {

  static List<Path> ciValuesFiles() {
    return Chart.ciValuesFiles();
  }

  @Test
  void lintStrict_defaultValues_passes(@TempDir Path work) {
    LintResult result = Chart.lint(null, work);
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"));
  }

  @ParameterizedTest
  @MethodSource("ciValuesFiles")
  void lintStrict_ciValues_passes(Path values, @TempDir Path work) {
    LintResult result = Chart.lint(values, work);
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"));
  }

  @Test
  void lintStrict_valuesViolatingTheSchema_fails(@TempDir Path work) throws Exception {
    Path bad = work.resolve("bad-values.yaml");
    java.nio.file.Files.writeString(bad, "webhook:\n  admission:\n    failurePolicy: Ignore\n");
    LintResult result = Chart.lint(bad, work);
    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("value must be 'Fail'");
  }

  @Test
  void ciFolder_hasTheDefaultValuesFileChartTestingUses() {
    assertThat(Chart.ciValuesFiles()).contains(Chart.ciValues("default-values.yaml"));
  }
}
