package dev.airlock.oci.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.mirror.Capability;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import dev.airlock.oci.testing.TestRoutes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailoverTest {
  private final MirrorRoute route =
      TestRoutes.route(
          "registry.example/team/app:1",
          TestRoutes.host(URI.create("https://a.example"), List.of()),
          TestRoutes.host(URI.create("https://b.example"), List.of()),
          TestRoutes.host(URI.create("https://c.example"), List.of()));
  private final List<String> tried = new ArrayList<>();

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(10));
  }

  private static RegistryException error(Kind kind, int status) {
    return new RegistryException(kind, status, List.of(), null, kind + " " + status, null);
  }

  private Optional<String> run(Map<String, Object> answers) throws RegistryException {
    return Failover.first(
        route,
        Capability.PULL,
        deadline(),
        endpoint -> {
          String host = endpoint.host().authority();
          tried.add(host);
          Object answer = answers.get(host);
          if (answer instanceof RegistryException e) {
            throw e;
          }
          return Optional.ofNullable((String) answer);
        });
  }

  @Test
  void first_firstEndpointAnswers_stopsThere() throws Exception {
    assertThat(run(Map.of("a.example", "A", "b.example", "B"))).contains("A");
    assertThat(tried).containsExactly("a.example");
  }

  @Test
  void first_errorThenAnswer_usesNextEndpoint() throws Exception {
    assertThat(run(Map.of("a.example", error(Kind.TRANSPORT, 0), "c.example", "C"))).contains("C");
    assertThat(tried).containsExactly("a.example", "b.example", "c.example");
  }

  @Test
  void first_notFoundEverywhere_isEmpty() throws Exception {
    assertThat(run(Map.of())).isEmpty();
  }

  @Test
  void first_notFoundAndError_throwsTheError() {
    assertThatThrownBy(() -> run(Map.of("b.example", error(Kind.HTTP_STATUS, 503))))
        .hasMessage("HTTP_STATUS 503");
  }

  @Test
  void first_severalErrors_throwsTheMostRelevant() {
    assertThatThrownBy(
            () ->
                run(
                    Map.of(
                        "a.example", error(Kind.TRANSPORT, 0),
                        "b.example", error(Kind.DIGEST_MISMATCH, 0),
                        "c.example", error(Kind.AUTH, 401))))
        .hasMessage("DIGEST_MISMATCH 0");
    assertThatThrownBy(
            () ->
                run(
                    Map.of(
                        "a.example", error(Kind.HTTP_STATUS, 503),
                        "b.example", error(Kind.TIMEOUT, 0),
                        "c.example", error(Kind.HTTP_STATUS, 500))))
        .hasMessage("TIMEOUT 0");
  }

  @Test
  void first_expiredDeadline_triesNothingAndTimesOut() {
    Deadline past = Deadline.after(Duration.ZERO);
    assertThatThrownBy(
            () -> Failover.first(route, Capability.PULL, past, endpoint -> Optional.of("x")))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }

  @Test
  void first_noEndpointWithCapability_throwsNamingTheHostsFile() {
    MirrorRoute pullOnly =
        TestRoutes.route(
            "registry.example/team/app:1",
            TestRoutes.withCapabilities(
                TestRoutes.host(URI.create("https://a.example"), List.of()), Capability.PULL));
    assertThatThrownBy(
            () -> Failover.first(pullOnly, Capability.RESOLVE, deadline(), e -> Optional.of(1)))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_ENDPOINT))
        .hasMessage(
            "no endpoint of hosts.toml has the resolve capability for registry.example/team/app:1");
  }
}
