package dev.airlock.oci.registry.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code airlock.registry.auth-file} as a {@link CredentialStore}, with the one policy every
 * airlock program follows for a broken file:
 *
 * <ul>
 *   <li>the first read must succeed: {@link #load} throws {@link CredentialsFileException} (the
 *       webhook then refuses to start, a probe command exits with its setup error, the exporter
 *       counts the round's pulls as failed and tries again next round);
 *   <li>after that the file is re-read when it changes (a rotated Secret), at most every {@link
 *       #RECHECK}; a change that does not load keeps the credentials last read and is logged once
 *       per change, so a half-written Secret never turns authenticated pulls anonymous.
 * </ul>
 *
 * Secrets never appear in messages or logs.
 */
public final class AuthFileCredentials implements CredentialStore {
  private static final System.Logger LOG = System.getLogger(AuthFileCredentials.class.getName());

  /** How often a lookup may look at the file's modification time and size. */
  public static final Duration RECHECK = Duration.ofSeconds(10);

  private final Path file;
  private final LongSupplier nanoTime;
  private final long recheckNanos;
  private volatile DockerConfigCredentials current;
  private volatile Stamp stamp;
  private Stamp refused;
  private volatile long nextCheck;

  /** What identifies one version of the file without reading it. */
  private record Stamp(long modifiedMillis, long size, Object fileKey) {}

  private AuthFileCredentials(
      Path file,
      DockerConfigCredentials first,
      Stamp stamp,
      LongSupplier nanoTime,
      Duration recheck) {
    this.file = file;
    this.current = first;
    this.stamp = stamp;
    this.nanoTime = nanoTime;
    this.recheckNanos = recheck.toNanos();
    this.nextCheck = nanoTime.getAsLong() + recheckNanos;
  }

  /**
   * The credentials of {@code file}, read now; anonymous when there is no file.
   *
   * @throws CredentialsFileException when the file cannot be read or is not a usable config.json
   */
  public static CredentialStore load(Optional<Path> file) throws CredentialsFileException {
    if (file.isEmpty()) {
      return CredentialStore.ANONYMOUS;
    }
    return load(file.get(), System::nanoTime, RECHECK);
  }

  static AuthFileCredentials load(Path file, LongSupplier nanoTime, Duration recheck)
      throws CredentialsFileException {
    Stamp stamp = stamp(file);
    return new AuthFileCredentials(
        file, DockerConfigCredentials.load(file), stamp, nanoTime, recheck);
  }

  @Override
  public Optional<Credentials> lookup(String authority) {
    if (nanoTime.getAsLong() - nextCheck >= 0) {
      recheck();
    }
    return current.lookup(authority);
  }

  private synchronized void recheck() {
    long now = nanoTime.getAsLong();
    if (now - nextCheck < 0) {
      return;
    }
    nextCheck = now + recheckNanos;
    Stamp seen = stamp(file);
    if (Objects.equals(seen, stamp) || Objects.equals(seen, refused)) {
      return;
    }
    try {
      current = DockerConfigCredentials.load(file);
      stamp = seen;
      refused = null;
      LOG.log(System.Logger.Level.INFO, "re-read registry credentials from {0}", file);
    } catch (CredentialsFileException e) {
      refused = seen;
      LOG.log(
          System.Logger.Level.ERROR,
          "airlock.registry.auth-file changed but does not load, keeping the credentials last read: {0}",
          e.getMessage());
    }
  }

  private static Stamp stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey());
    } catch (NoSuchFileException e) {
      return new Stamp(-1, -1, "missing");
    } catch (IOException e) {
      return new Stamp(-2, -2, e.getClass().getName());
    }
  }
}
