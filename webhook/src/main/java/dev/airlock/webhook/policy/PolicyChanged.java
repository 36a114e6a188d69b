package dev.airlock.webhook.policy;

/**
 * CDI event fired after a new policy (or a changed trusted root) was applied: every cache of
 * verdicts or trust material derived from the old one must be dropped.
 */
public record PolicyChanged(Policy policy) {}
