package dev.airlock.webhook.admission;

/** The outcome of the image at one site. Sites naming the same image share one outcome. */
public record SiteOutcome(ImageSite site, ImageOutcome outcome) {}
