package dev.airlock.webhook.admission;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ?timeout=} kube-apiserver appends to webhook URLs: a Go duration such as {@code 10s}
 * (Kubernetes admission docs, {@code timeoutSeconds}, which must lie between 1 and 30 seconds). A
 * longer value can only come from a forged or misrouted request and is capped at {@link #MAX}, so
 * no caller can make the webhook hold a worker past kube-apiserver's own limit. The work budget is
 * the timeout minus the margin, or half the timeout when the margin would leave nothing.
 */
public final class AdmissionTimeout {
  /** The largest {@code timeoutSeconds} kube-apiserver accepts on a webhook. */
  public static final Duration MAX = Duration.ofSeconds(30);

  private static final Pattern PART = Pattern.compile("(\\d{1,18}(?:\\.\\d{1,9})?)(ms|s|m|h)");
  private static final int MAX_LENGTH = 64;

  private AdmissionTimeout() {}

  /**
   * @param query the raw {@code timeout} query value, or null
   * @throws BadReviewException when present but not a positive duration
   */
  public static Duration budget(String query, Duration defaultTimeout, Duration margin)
      throws BadReviewException {
    Duration timeout = query == null || query.isEmpty() ? defaultTimeout : parse(query);
    if (timeout.compareTo(MAX) > 0) {
      timeout = MAX;
    }
    Duration budget = timeout.minus(margin);
    return budget.compareTo(Duration.ZERO) > 0 ? budget : timeout.dividedBy(2);
  }

  /** The duration, capped at {@link #MAX} (so that no sum of parts can overflow). */
  static Duration parse(String value) throws BadReviewException {
    if (value.length() > MAX_LENGTH) {
      throw invalid(value.substring(0, MAX_LENGTH) + "…");
    }
    Matcher m = PART.matcher(value);
    double seconds = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      seconds +=
          switch (m.group(2)) {
            case "ms" -> amount / 1e3;
            case "s" -> amount;
            case "m" -> amount * 60;
            default -> amount * 3600;
          };
      end = m.end();
    }
    if (end != value.length() || seconds <= 0) {
      throw invalid(value);
    }
    if (seconds >= MAX.toSeconds()) {
      return MAX;
    }
    return Duration.ofNanos(Math.max(1, (long) (seconds * 1e9)));
  }

  private static BadReviewException invalid(String value) {
    return new BadReviewException("invalid timeout \"" + value + "\": want a duration like 10s");
  }
}
