package dev.airlock.webhook.policy;

/** A rule's mode: {@code enforce} denies what fails; {@code audit} allows with a warning. */
public enum Mode {
  ENFORCE,
  AUDIT
}
