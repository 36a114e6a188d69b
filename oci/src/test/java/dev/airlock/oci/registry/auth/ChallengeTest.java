package dev.airlock.oci.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChallengeTest {

  static Stream<Arguments> headers() {
    return Stream.of(
        // distribution docs/spec/auth/token.md example
        Arguments.of(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:samalba/my-app:pull,push\"",
            List.of(
                new Challenge(
                    "bearer",
                    Map.of(
                        "realm", "https://auth.docker.io/token",
                        "service", "registry.docker.io",
                        "scope", "repository:samalba/my-app:pull,push")))),
        // distribution htpasswd
        Arguments.of(
            "Basic realm=\"airlock-test\"",
            List.of(new Challenge("basic", Map.of("realm", "airlock-test")))),
        // case-insensitive scheme and names, spaces, escaped quote
        Arguments.of(
            "BEARER Realm = \"a\\\"b\" , SERVICE=svc",
            List.of(new Challenge("bearer", Map.of("realm", "a\"b", "service", "svc")))),
        // unquoted URL value (lenient, some registries send it)
        Arguments.of(
            "Bearer realm=https://r.example/token,service=r.example",
            List.of(
                new Challenge(
                    "bearer", Map.of("realm", "https://r.example/token", "service", "r.example")))),
        // two challenges in one header
        Arguments.of(
            "Basic realm=\"x\", Bearer realm=\"https://t\",service=\"s\"",
            List.of(
                new Challenge("basic", Map.of("realm", "x")),
                new Challenge("bearer", Map.of("realm", "https://t", "service", "s")))),
        Arguments.of("Negotiate", List.of(new Challenge("negotiate", Map.of()))),
        Arguments.of("", List.of()));
  }

  @ParameterizedTest
  @MethodSource("headers")
  void parseAll_readsSchemesAndParameters(String header, List<Challenge> expected) {
    assertThat(Challenge.parseAll(List.of(header))).isEqualTo(expected);
  }
}
