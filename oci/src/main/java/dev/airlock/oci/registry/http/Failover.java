package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.Capability;
import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tries a route's endpoints in hosts.toml order. The first endpoint that has the thing answers;
 * not-found at every endpoint is empty; an error moves on to the next endpoint, and when no
 * endpoint answered and some failed, the most relevant error is thrown (see {@link #rank}). The
 * deadline stops the walk.
 */
final class Failover {
  /** One attempt at one endpoint: the result, or empty for not-found. */
  @FunctionalInterface
  interface Attempt<T> {
    Optional<T> at(MirrorEndpoint endpoint) throws RegistryException;
  }

  private Failover() {}

  static <T> Optional<T> first(
      MirrorRoute route, Capability capability, Deadline deadline, Attempt<T> attempt)
      throws RegistryException {
    List<MirrorEndpoint> endpoints =
        capability == Capability.RESOLVE ? route.resolvers() : route.pullers();
    if (endpoints.isEmpty()) {
      throw new RegistryException(
          Kind.NO_ENDPOINT,
          0,
          List.of(),
          null,
          "no endpoint of "
              + route.hostsFile()
              + " has the "
              + capability.name().toLowerCase(java.util.Locale.ROOT)
              + " capability for "
              + route.image(),
          null);
    }
    List<RegistryException> failures = new ArrayList<>();
    for (MirrorEndpoint endpoint : endpoints) {
      if (deadline.expired()) {
        failures.add(
            new RegistryException(
                Kind.TIMEOUT,
                endpoint.host().origin(),
                "deadline passed before trying " + endpoint.host().origin()));
        break;
      }
      try {
        Optional<T> result = attempt.at(endpoint);
        if (result.isPresent()) {
          return result;
        }
      } catch (RegistryException e) {
        failures.add(e);
      }
    }
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    RegistryException worst = failures.get(0);
    for (RegistryException e : failures) {
      if (rank(e) > rank(worst)) {
        worst = e;
      }
    }
    throw worst;
  }

  /**
   * Relevance when every endpoint failed: content that does not match its digest first (possible
   * tampering), then refused credentials, TLS failures, malformed answers, definite HTTP errors,
   * the deadline, and last the temporary failures (5xx, transport) that a later call may not see.
   * Among equals, the first endpoint's error wins.
   */
  static int rank(RegistryException e) {
    return switch (e.kind()) {
      case DIGEST_MISMATCH -> 8;
      case AUTH -> 7;
      case TLS -> 6;
      case MALFORMED -> 5;
      case HTTP_STATUS -> e.temporary() ? 2 : 4;
      case TIMEOUT -> 3;
      case TRANSPORT -> 1;
      case NO_ENDPOINT -> 4;
      case BUSY -> 0;
    };
  }
}
