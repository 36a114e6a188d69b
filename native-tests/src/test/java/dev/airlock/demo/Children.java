package dev.airlock.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Collectors;

/**
 * The processes the demo started, for {@code scripts/demo.sh}'s EXIT trap: their pids are appended
 * to the file named by system property {@code airlock.demo.pids} (when set), so that they are
 * stopped even if this JVM is killed. A shutdown hook stops them when the JVM exits on a signal.
 */
final class Children {
  private Children() {}

  /** Appends the pids of this JVM's current child processes to the pid file. */
  static void record() {
    String file = System.getProperty("airlock.demo.pids");
    if (file == null) {
      return;
    }
    String pids =
        ProcessHandle.current()
            .children()
            .map(p -> Long.toString(p.pid()) + "\n")
            .collect(Collectors.joining());
    try {
      Files.writeString(Path.of(file), pids, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pid file " + file, e);
    }
  }

  /** On JVM exit (also on SIGINT/SIGTERM), stop every process this JVM started. */
  static void stopAllOnExit() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
  }
}
