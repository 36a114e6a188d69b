package dev.airlock.webhook.policy;

import dev.airlock.webhook.config.PolicyConfig;
import dev.airlock.webhook.metrics.WebhookMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Holds the current policy. Loads {@code airlock.policy.file} at start-up (a broken file stops
 * start-up), then polls the file's content: a ConfigMap update swaps a symlink, so the bytes read
 * through the link are compared rather than the link's mtime. A broken new file keeps the last good
 * policy, counts {@code airlock_policy_reload_errors_total} once per broken content and logs why.
 */
@ApplicationScoped
public class PolicyHolder {
  private static final Logger LOG = Logger.getLogger(PolicyHolder.class);

  private final PolicyConfig config;
  private final WebhookMetrics metrics;
  private final Event<PolicyChanged> changed;
  private final PolicyParser parser;
  private volatile Policy current;
  private byte[] lastSeen = new byte[0];
  private String lastInputs = "";
  private ScheduledExecutorService poller;

  public PolicyHolder(
      PolicyConfig config,
      WebhookMetrics metrics,
      Event<PolicyChanged> changed,
      TrustCompiler trust) {
    this.config = config;
    this.parser = new PolicyParser(trust);
    this.metrics = metrics;
    this.changed = changed;
  }

  void onStart(@Observes StartupEvent event) throws IOException, PolicyException {
    Path file = config.file();
    byte[] bytes = read(file);
    current = parser.parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
    lastSeen = bytes;
    lastInputs = PolicyInputs.digest(bytes, current);
    LOG.infof("loaded policy %s with %d rule(s)", file, current.rules().size());
    long period = Math.max(1, config.reloadInterval().toMillis());
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "airlock-policy-reload");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(this::checkNow, period, period, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  /** The policy in force; never null after start-up. */
  public Policy current() {
    Policy policy = current;
    if (policy == null) {
      throw new IllegalStateException("policy not loaded");
    }
    return policy;
  }

  public boolean loaded() {
    return current != null;
  }

  /**
   * Re-reads the file now and applies it when its content, or that of a trusted root it names,
   * changed and it parses.
   *
   * @return true when a new policy was applied
   */
  public synchronized boolean checkNow() {
    Path file = config.file();
    byte[] bytes;
    try {
      bytes = read(file);
    } catch (IOException e) {
      if (lastSeen != null) {
        fail(file + ": cannot read: " + e);
        lastSeen = null;
      }
      return false;
    }
    if (lastSeen != null
        && Arrays.equals(bytes, lastSeen)
        && PolicyInputs.digest(bytes, current).equals(lastInputs)) {
      return false;
    }
    lastSeen = bytes;
    try {
      Policy next = parser.parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
      current = next;
      lastInputs = PolicyInputs.digest(bytes, next);
      changed.fire(new PolicyChanged(next));
      LOG.infof("reloaded policy %s with %d rule(s)", file, next.rules().size());
      return true;
    } catch (PolicyException e) {
      fail(e.getMessage(), bytes);
      return false;
    } catch (RuntimeException e) {
      fail(file + ": " + e, bytes);
      return false;
    }
  }

  /** Counts and logs once per broken content: the inputs seen are remembered as handled. */
  private void fail(String why, byte[] bytes) {
    lastInputs = PolicyInputs.digest(bytes, current);
    fail(why);
  }

  private void fail(String why) {
    metrics.policyReloadError();
    LOG.errorf("policy not reloaded, keeping the last good policy: %s", why);
  }

  private static byte[] read(Path file) throws IOException {
    return Files.readAllBytes(file);
  }
}
