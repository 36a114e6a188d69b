package dev.airlock.oci.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistriesTest {
  // containerd docker.IsLocalhost: localhost or a loopback IP, port ignored, no name lookup.
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "localhost,true",
    "localhost:5000,true",
    "127.0.0.1,true",
    "127.0.0.1:5443,true",
    "127.1.2.3:80,true",
    "[::1]:5000,true",
    "::1,true",
    "10.0.0.1:5000,false",
    "registry.internal,false",
    "localhost.example.com,false",
    "127.0.0.1.nip.io,false",
    "[fc00::1]:5000,false"
  })
  void isLocalhost(String registry, boolean expected) {
    assertThat(Registries.isLocalhost(registry)).isEqualTo(expected);
  }

  // containerd resolver.go isProxy.
  @ParameterizedTest(name = "{0} for {1}")
  @CsvSource({
    "registry.internal,docker.io,true",
    "registry-1.docker.io,docker.io,false",
    "docker.io,docker.io,false",
    "index.docker.io,docker.io,true",
    "127.0.0.1:5443,127.0.0.1:5443,false",
    "127.0.0.1:5444,127.0.0.1:5443,true",
    "registry-1.docker.io,quay.io,true"
  })
  void sendsNamespace(String authority, String registry, boolean expected) {
    assertThat(Registries.sendsNamespace(authority, registry)).isEqualTo(expected);
  }
}
