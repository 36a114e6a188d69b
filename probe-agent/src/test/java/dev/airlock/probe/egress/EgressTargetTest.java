package dev.airlock.probe.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressTargetTest {

  @ParameterizedTest
  @CsvSource({
    "https://quay.io, https://quay.io/v2/, 443",
    "https://quay.io/, https://quay.io/v2/, 443",
    "https://127.0.0.1:5443, https://127.0.0.1:5443/v2/, 5443",
    "http://registry.internal/prefix/, http://registry.internal/prefix/v2/, 80",
  })
  void parse_validTarget_probesV2(String written, String probeUrl, int port) {
    EgressTarget target = EgressTarget.parse(written);

    assertThat(target.configured()).isEqualTo(written);
    assertThat(target.probeUrl()).hasToString(probeUrl);
    assertThat(target.port()).isEqualTo(port);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "quay.io|invalid target \"quay.io\": must be an https:// or http:// URL",
        "ftp://quay.io|invalid target \"ftp://quay.io\": must be an https:// or http:// URL",
        "https://|invalid target \"https://\": Expected authority",
        "https://quay.io/?x=1|invalid target \"https://quay.io/?x=1\": user info, query and fragment"
            + " are not allowed",
      })
  void parse_invalidTarget_throwsNamingIt(String written, String message) {
    assertThatThrownBy(() -> EgressTarget.parse(written))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
