package dev.airlock.webhook.policy;

import java.util.List;

/**
 * An attestor: at least {@code count} of its entries must verify.
 *
 * @param count how many entries must pass (default 1)
 * @param entries key or keyless entries
 */
public record Attestor(int count, List<AttestorEntry> entries) {}
