package dev.airlock.webhook.admission;

/** One RFC 6902 {@code replace} of an image field. */
public record PatchOperation(String path, String value) {}
