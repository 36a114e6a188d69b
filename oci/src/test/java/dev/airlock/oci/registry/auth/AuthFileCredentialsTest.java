package dev.airlock.oci.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one policy for {@code airlock.registry.auth-file} (issue 13). */
class AuthFileCredentialsTest {
  @TempDir Path dir;

  private final AtomicLong clock = new AtomicLong();

  private Path write(String user, String password, long modified) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(
        file,
        "{\"auths\":{\"mirror.internal\":{\"username\":\""
            + user
            + "\",\"password\":\""
            + password
            + "\"}}}");
    Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    return file;
  }

  private AuthFileCredentials load(Path file) throws CredentialsFileException {
    return AuthFileCredentials.load(file, clock::get, Duration.ofSeconds(10));
  }

  @Test
  void noFile_isAnonymous() throws Exception {
    assertThat(AuthFileCredentials.load(Optional.empty())).isSameAs(CredentialStore.ANONYMOUS);
  }

  @Test
  void brokenAtFirstRead_isRefused() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"auths\":");

    assertThatThrownBy(() -> load(file))
        .isInstanceOf(CredentialsFileException.class)
        .hasMessageStartingWith(file.toString());
    assertThatThrownBy(() -> load(dir.resolve("missing.json")))
        .isInstanceOf(CredentialsFileException.class);
  }

  @Test
  void rotatedFile_isFollowedAfterTheRecheckInterval() throws Exception {
    AuthFileCredentials store = load(write("alice", "one", 1_000));
    write("bob", "two", 2_000);

    assertThat(store.lookup("mirror.internal")).contains(new Credentials("alice", "one"));
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(store.lookup("mirror.internal")).contains(new Credentials("bob", "two"));
  }

  /** A half-written Secret must not turn authenticated pulls anonymous. */
  @Test
  void fileThatBreaksLater_keepsTheCredentialsLastRead() throws Exception {
    AuthFileCredentials store = load(write("alice", "one", 1_000));
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"auths\":{\"mirror.internal\":{\"username\":");
    Files.setLastModifiedTime(file, FileTime.fromMillis(2_000));
    clock.addAndGet(Duration.ofSeconds(10).toNanos());

    assertThat(store.lookup("mirror.internal")).contains(new Credentials("alice", "one"));

    Files.delete(file);
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(store.lookup("mirror.internal")).contains(new Credentials("alice", "one"));

    write("carol", "three", 3_000);
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(store.lookup("mirror.internal")).contains(new Credentials("carol", "three"));
  }
}
