package dev.airlock.oci.registry.auth;

import java.util.Optional;

/** Credentials by registry authority ({@code host[:port]}, as in a hosts.toml URL). */
@FunctionalInterface
public interface CredentialStore {
  /** No credentials for anyone: anonymous pulls and anonymous tokens only. */
  CredentialStore ANONYMOUS = authority -> Optional.empty();

  Optional<Credentials> lookup(String authority);
}
