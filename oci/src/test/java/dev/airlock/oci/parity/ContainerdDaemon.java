package dev.airlock.oci.parity;

import dev.airlock.oci.testing.Programs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private containerd (Debian package {@code containerd}) started by a test as root, with its own
 * root, state, {@code opt} directory and gRPC/ttrpc sockets under {@code dir}, configuration
 * version 2 with the CRI plugin disabled, and a {@code ctr} bound to its socket.
 *
 * <pre>{@code
 * try (ContainerdDaemon containerd = ContainerdDaemon.start(tempDir)) {
 *   ContainerdDaemon.Ctr pull = containerd.ctr(Duration.ofSeconds(60), "-n", "parity", "images", "pull", ...);
 * }
 * }</pre>
 *
 * <p>When containerd or ctr is not on PATH, the process is not root, or the daemon does not answer
 * {@code ctr version}, {@link #start} throws {@link IllegalStateException} saying what is wrong:
 * the parity test fails, it never skips.
 */
public final class ContainerdDaemon implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final int MAX_SOCKET_PATH = 100; // sun_path is 108 bytes on Linux

  /**
   * The proxy ctr is given: a loopback port nothing listens on (the discard port), so a request to
   * any non-loopback registry fails with "proxyconnect … connection refused" and never leaves the
   * machine, not even as a DNS query.
   */
  public static final String EGRESS_SINK = "http://127.0.0.1:9";

  private final Path dir;
  private final Path socket;
  private final Path log;
  private final Process process;

  /**
   * The outcome of one {@code ctr} run.
   *
   * @param command the command line, for messages
   * @param exitCode the exit code
   * @param stdout what ctr printed on stdout
   * @param stderr what ctr printed on stderr (its log, with {@code --debug} the resolver's)
   */
  public record Ctr(String command, int exitCode, String stdout, String stderr) {
    /** Everything ctr printed, for failure messages. */
    public String describe() {
      return command + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  private ContainerdDaemon(Path dir, Path socket, Path log, Process process) {
    this.dir = dir;
    this.socket = socket;
    this.log = log;
    this.process = process;
  }

  /** Starts a daemon under {@code dir} and waits until {@code ctr version} answers. */
  public static ContainerdDaemon start(Path dir) {
    requireRoot();
    String why =
        "the containerd parity test needs containerd 1.6 and ctr — install the Debian packages"
            + " (apt-get update && apt-get install -y containerd runc)";
    Programs.require("containerd", why);
    Programs.require("ctr", why);
    try {
      Path home = Files.createDirectories(dir.toAbsolutePath());
      Path socket = home.resolve("containerd.sock");
      if (socket.toString().length() + ".ttrpc".length() > MAX_SOCKET_PATH) {
        throw new IllegalStateException(
            "containerd socket path " + socket + " is too long for a unix socket");
      }
      Path config = home.resolve("config.toml");
      Files.writeString(config, config(home, socket));
      Path log = home.resolve("containerd.log");
      Process process =
          new ProcessBuilder("containerd", "--config", config.toString())
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      ContainerdDaemon daemon = new ContainerdDaemon(home, socket, log, process);
      daemon.awaitReady();
      return daemon;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start containerd under " + dir, e);
    }
  }

  /** containerd config version 2: everything under {@code home}, no CRI. */
  private static String config(Path home, Path socket) throws IOException {
    return "version = 2\n"
        + "root = "
        + quote(Files.createDirectories(home.resolve("root")))
        + "\nstate = "
        + quote(Files.createDirectories(home.resolve("state")))
        + "\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n\n"
        + "[grpc]\n  address = "
        + quote(socket)
        + "\n\n[ttrpc]\n  address = "
        + quote(Path.of(socket + ".ttrpc"))
        + "\n\n[plugins.\"io.containerd.internal.v1.opt\"]\n  path = "
        + quote(home.resolve("opt"))
        + "\n";
  }

  private static String quote(Path path) {
    return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private void awaitReady() {
    long end = System.nanoTime() + START_TIMEOUT.toNanos();
    Ctr last = null;
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "containerd exited with "
                + process.exitValue()
                + " while starting; its log:\n"
                + log());
      }
      last = ctr(Duration.ofSeconds(5), "version");
      if (last.exitCode() == 0 && last.stdout().contains("Server:")) {
        return;
      }
      Programs.sleep(50);
    }
    close();
    throw new IllegalStateException(
        "containerd did not answer 'ctr version' within "
            + START_TIMEOUT.toSeconds()
            + " s; last attempt: "
            + (last == null ? "none" : last.describe())
            + "\ncontainerd log:\n"
            + log());
  }

  /** The gRPC socket. */
  public Path socket() {
    return socket;
  }

  /** The directory that holds root, state, sockets and the log. */
  public Path directory() {
    return dir;
  }

  /** The daemon's log so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "[cannot read " + log + ": " + e + "]";
    }
  }

  /**
   * Runs {@code ctr --address <socket> args…}, killed after {@code timeout}, with {@link
   * #EGRESS_SINK} as its HTTP(S) proxy: the parity test talks to loopback only.
   */
  public Ctr ctr(Duration timeout, String... args) {
    return ctr(timeout, false, args);
  }

  /** {@link #ctr(Duration, String...)} with {@code ctr --debug} (logs every registry request). */
  public Ctr ctrDebug(Duration timeout, String... args) {
    return ctr(timeout, true, args);
  }

  private Ctr ctr(Duration timeout, boolean debug, String... args) {
    List<String> command = new ArrayList<>(List.of("ctr", "--address", socket.toString()));
    if (debug) {
      command.add("--debug");
    }
    command.addAll(List.of(args));
    String line = String.join(" ", command);
    try {
      Path out = Files.createTempFile(dir, "ctr-", ".out");
      Path err = Files.createTempFile(dir, "ctr-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      Map<String, String> env = builder.environment();
      env.keySet()
          .removeIf(
              k -> k.toLowerCase(Locale.ROOT).endsWith("_proxy") || k.startsWith("CONTAINERD_"));
      // Go's http.ProxyFromEnvironment never proxies loopback hosts; every other host goes to a
      // closed loopback port instead of DNS and the network.
      env.put("HTTP_PROXY", EGRESS_SINK);
      env.put("HTTPS_PROXY", EGRESS_SINK);
      Process ctr = builder.start();
      boolean done = ctr.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        ctr.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Ctr result =
          new Ctr(
              line,
              done ? ctr.exitValue() : -1,
              Files.readString(out, StandardCharsets.UTF_8),
              (done ? "" : "[killed after " + timeout.toSeconds() + " s]\n")
                  + Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + line, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + line, e);
    }
  }

  /** Stops the daemon with SIGTERM; kills it when it has not exited after a grace period. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static void requireRoot() {
    int uid;
    try {
      // /proc/self belongs to the process's effective user.
      uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException(
          "cannot tell whether this process is root (needed to run containerd): " + e, e);
    }
    if (uid != 0) {
      throw new IllegalStateException(
          "the containerd parity test must run as root (uid 0) to start a private containerd;"
              + " this process runs as uid "
              + uid);
    }
  }
}
