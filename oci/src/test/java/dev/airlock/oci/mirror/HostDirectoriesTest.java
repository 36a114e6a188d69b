package dev.airlock.oci.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostDirectoriesTest {
  @ParameterizedTest
  @CsvSource({
    "registry.example.com, registry.example.com;_default",
    "127.0.0.1:5443, 127.0.0.1_5443_;127.0.0.1:5443;_default",
    "[::1]:5000, [::1]_5000_;[::1]:5000;_default",
  })
  void candidates_inContainerdsOrder(String registry, String expected) {
    assertThat(HostDirectories.candidates(registry)).isEqualTo(List.of(expected.split(";")));
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1_5443_, 127.0.0.1:5443",
    "registry.example.com, registry.example.com",
    "odd_name, odd_name",
    "_default, _default",
  })
  void registryOf_turnsHostPortBack(String directory, String registry) {
    assertThat(HostDirectories.registryOf(directory)).isEqualTo(registry);
  }

  @ParameterizedTest
  @CsvSource({
    "registry-1.docker.io, docker.io, true",
    "index.docker.io, docker.io, true",
    "docker.io, docker.io, true",
    "registry-1.docker.io, quay.io, false",
    "mirror.internal, docker.io, false",
  })
  void sameRegistry_dockerHubByAnyName(String authority, String registry, boolean same) {
    assertThat(HostDirectories.sameRegistry(authority, registry)).isEqualTo(same);
  }
}
