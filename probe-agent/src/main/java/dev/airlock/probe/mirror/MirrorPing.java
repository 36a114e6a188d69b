package dev.airlock.probe.mirror;

import dev.airlock.probe.egress.EgressOutcome;
import dev.airlock.probe.egress.EgressProber;
import dev.airlock.probe.egress.EgressResult;
import dev.airlock.probe.egress.EgressTarget;
import dev.airlock.probe.egress.ProxySettings;
import dev.airlock.probe.tls.ChainRecordingTrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;

/**
 * Pings a mirror at {@code /v2/} (distribution spec "API version check": 200, or 401 when auth is
 * required — both mean the registry is serving) and reads the certificate chain it presents.
 */
public final class MirrorPing {
  private MirrorPing() {}

  /**
   * @param up true when the mirror answered 200 or 401
   * @param outcome what the ping found, for the log
   * @param certificateExpiry the earliest notAfter of the presented chain, when TLS got that far
   */
  public record Result(boolean up, EgressOutcome outcome, Optional<Instant> certificateExpiry) {}

  /**
   * Pings {@code mirror} (an {@code https://} or {@code http://} base URL; the API is at the
   * origin's {@code /v2/}) trusting {@code trust}, directly (no proxy).
   */
  public static Result ping(String mirror, X509TrustManager trust, Duration timeout)
      throws GeneralSecurityException, InterruptedException {
    EgressTarget target = EgressTarget.parse(origin(mirror));
    ChainRecordingTrustManager recorder = new ChainRecordingTrustManager(trust);
    EgressResult result;
    try (EgressProber prober = new EgressProber(recorder, ProxySettings.none(), timeout)) {
      result = prober.probe(target);
    }
    EgressOutcome outcome = result.outcome();
    boolean up =
        outcome.kind() == EgressOutcome.Kind.HTTP
            && (outcome.detail().equals("200") || outcome.detail().equals("401"));
    Optional<Instant> expiry =
        recorder.presented().stream()
            .map(X509Certificate::getNotAfter)
            .map(java.util.Date::toInstant)
            .min(Instant::compareTo);
    return new Result(up, outcome, expiry);
  }

  /** {@code https://host:port/any/path} → {@code https://host:port}. */
  static String origin(String mirror) {
    java.net.URI uri = java.net.URI.create(mirror.trim());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
