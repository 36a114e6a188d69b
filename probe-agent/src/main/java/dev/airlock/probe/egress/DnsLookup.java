package dev.airlock.probe.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Step 1: the system resolver ({@code getaddrinfo} through {@link InetAddress}), bounded by the
 * probe's deadline. A name the resolver reports as nonexistent ({@code EAI_NONAME}: glibc "Name or
 * service not known", BSD "nodename nor servname provided, or not known") is NXDOMAIN, and so is a
 * name missing from the hosts file when the JDK resolves from one ({@code jdk.net.hosts.file}:
 * "Unable to resolve host … in hosts file"); anything else (temporary failure, no address, timeout)
 * is reported as the resolver's error text.
 */
final class DnsLookup {
  private static final String NOT_IN_HOSTS_FILE = "not in the hosts file";
  private static final List<String> NO_SUCH_NAME =
      List.of("name or service not known", "nodename nor servname provided", NOT_IN_HOSTS_FILE);

  /**
   * The JDK caches failed lookups ({@code networkaddress.cache.negative.ttl}) and then throws
   * without the resolver's message; the last message seen per host fills that gap.
   */
  private static final Map<String, String> LAST_ERROR = new ConcurrentHashMap<>();

  private final ExecutorService executor;

  DnsLookup(ExecutorService executor) {
    this.executor = executor;
  }

  /** A lookup's result: addresses, or the outcome that ends the probe. */
  record Answer(List<InetAddress> addresses, EgressOutcome failure) {}

  Answer resolve(String host, Duration budget) throws InterruptedException {
    Future<InetAddress[]> lookup = executor.submit(() -> InetAddress.getAllByName(host));
    try {
      return new Answer(
          List.of(lookup.get(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS)), null);
    } catch (TimeoutException e) {
      lookup.cancel(true);
      return new Answer(List.of(), EgressOutcome.dnsError("timeout"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException unknown) {
        return new Answer(List.of(), classify(host, unknown));
      }
      return new Answer(List.of(), EgressOutcome.dnsError(String.valueOf(e.getCause())));
    }
  }

  static EgressOutcome classify(String host, UnknownHostException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String error;
    if (message.startsWith("Unable to resolve host " + host + " in hosts file")) {
      error = NOT_IN_HOSTS_FILE;
    } else if (message.startsWith(host + ": ")) {
      error = message.substring(host.length() + 2);
    } else {
      error = "";
    }
    if (error.isEmpty()) {
      error = LAST_ERROR.getOrDefault(host, "unknown host");
    } else {
      LAST_ERROR.put(host, error);
    }
    String lower = error.toLowerCase(Locale.ROOT);
    for (String noSuchName : NO_SUCH_NAME) {
      if (lower.contains(noSuchName)) {
        return EgressOutcome.nxdomain();
      }
    }
    return EgressOutcome.dnsError(lower);
  }
}
