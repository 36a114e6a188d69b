package dev.airlock.webhook.admission;

import java.util.Locale;

/** Which endpoint is answering. */
public enum Webhook {
  /** {@code POST /mutate}: checks and pins tags to digests. */
  MUTATE,
  /** {@code POST /validate}: the authority; re-checks the final object, demands digests. */
  VALIDATE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
