package dev.airlock.webhook.policy;

/** What to do with images no rule covers ({@code unmatchedImages}, {@code unmirroredImages}). */
public enum Action {
  DENY,
  ALLOW
}
