package dev.airlock.webhook.admission;

/**
 * One place in an object that names an image.
 *
 * @param pointer JSON pointer of the image field, for patches ({@code /spec/containers/1/image})
 * @param field the field path for messages ({@code spec.containers[1].image})
 * @param written the image string as written, or null when the field is not a string
 */
public record ImageSite(String pointer, String field, String written) {}
