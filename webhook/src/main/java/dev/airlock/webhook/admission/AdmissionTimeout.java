package dev.airlock.webhook.admission;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ?timeout=} kube-apiserver appends to webhook URLs: a Go duration such as {@code 10s}
 * (Kubernetes admission docs, {@code timeoutSeconds}). The work budget is that timeout minus the
 * margin, or half the timeout when the margin would leave nothing.
 */
public final class AdmissionTimeout {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private AdmissionTimeout() {}

  /**
   * @param query the raw {@code timeout} query value, or null
   * @throws BadReviewException when present but not a positive duration
   */
  public static Duration budget(String query, Duration defaultTimeout, Duration margin)
      throws BadReviewException {
    Duration timeout = query == null || query.isEmpty() ? defaultTimeout : parse(query);
    Duration budget = timeout.minus(margin);
    return budget.compareTo(Duration.ZERO) > 0 ? budget : timeout.dividedBy(2);
  }

  static Duration parse(String value) throws BadReviewException {
    Matcher m = PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      long nanos =
          switch (m.group(2)) {
            case "ms" -> (long) (amount * 1e6);
            case "s" -> (long) (amount * 1e9);
            case "m" -> (long) (amount * 60e9);
            default -> (long) (amount * 3600e9);
          };
      total = total.plusNanos(nanos);
      end = m.end();
    }
    if (end != value.length() || total.isZero()) {
      throw new BadReviewException("invalid timeout \"" + value + "\": want a duration like 10s");
    }
    return total;
  }
}
