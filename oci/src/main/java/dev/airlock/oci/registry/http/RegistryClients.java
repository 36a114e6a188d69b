package dev.airlock.oci.registry.http;

import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryClientOptions;
import dev.airlock.oci.registry.RegistryObserver;
import dev.airlock.oci.registry.auth.AuthFileCredentials;
import dev.airlock.oci.registry.auth.CredentialsFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one way an airlock program builds its registry client: the HTTP client of this package with
 * the credentials of {@code airlock.registry.auth-file} under {@link AuthFileCredentials}'s policy
 * for a broken file. The webhook and every probe command use it.
 */
public final class RegistryClients {
  private RegistryClients() {}

  /**
   * A client with {@code options}, the credentials of {@code authFile} (anonymous without one) and
   * {@code observer} timing its calls.
   *
   * @throws CredentialsFileException when {@code authFile} is given and does not load
   */
  public static RegistryClient open(
      RegistryClientOptions options, Optional<Path> authFile, RegistryObserver observer)
      throws CredentialsFileException {
    return new HttpRegistryClient(options, AuthFileCredentials.load(authFile), observer);
  }
}
