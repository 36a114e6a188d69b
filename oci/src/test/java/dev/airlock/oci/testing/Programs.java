package dev.airlock.oci.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The programs tests start (docker-registry, containerd, ctr, …): a test that needs one fails
 * loudly when it is missing, saying which package installs it, and never skips.
 */
public final class Programs {
  private Programs() {}

  /**
   * Fails unless {@code program} is an executable on {@code PATH}.
   *
   * @param why what needs it and how to get it, e.g. {@code "the integration tests need CNCF
   *     distribution 2.8 — install the Debian package (apt-get install -y docker-registry)"}
   */
  public static void require(String program, String why) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return;
      }
    }
    throw new IllegalStateException(program + " is not on PATH (" + path + "): " + why);
  }

  /** Sleeps; an interrupt is kept and ends the test. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
