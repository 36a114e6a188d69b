package dev.airlock.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServeModeTest {
  @AfterEach
  void reset() {
    ServeMode.select();
  }

  @Test
  void select_serve_enablesHttp() {
    ServeMode.select("serve");

    assertThat(new ServeHttpConfigSource().getValue("quarkus.http.host-enabled")).isEqualTo("true");
  }

  @Test
  void select_egressWithServeAsOptionValue_leavesHttpOff() {
    ServeMode.select("egress", "--target", "serve");

    assertThat(new ServeHttpConfigSource().getValue("quarkus.http.host-enabled")).isNull();
    assertThat(new ServeHttpConfigSource().getPropertyNames()).isEmpty();
  }

  @Test
  void select_helpThenServe_enablesHttp() {
    ServeMode.select("--help", "serve");

    assertThat(ServeMode.serving()).isTrue();
  }
}
