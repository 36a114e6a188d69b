package dev.airlock.webhook.admission;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.Descriptor;
import dev.airlock.oci.registry.RegistryClient;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.webhook.cache.CoalescingCache;
import dev.airlock.webhook.config.CacheConfig;
import dev.airlock.webhook.metrics.WebhookMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Step 6: the manifest descriptor a tag or digest names AT THE MIRROR (the endpoints of the image's
 * {@code hosts.toml}, never the upstream host). Answers are cached for {@code airlock.cache.digest-
 * ttl}; concurrent identical lookups share one registry round trip; not-found and errors are not
 * cached.
 */
@ApplicationScoped
public class DigestResolver {
  private final RegistryClient registry;
  private final CoalescingCache<Key, Optional<Descriptor>> cache;

  /**
   * Everything the answer depends on: the endpoints asked (hosts, paths, the {@code ns} query a
   * proxying mirror selects its upstream by — two registries sharing a {@code _default} mirror
   * location are different keys) and the tag or digest.
   */
  private record Key(List<MirrorEndpoint> endpoints, String identifier) {}

  public DigestResolver(RegistryClient registry, CacheConfig config, WebhookMetrics metrics) {
    this.registry = registry;
    this.cache =
        new CoalescingCache<>(
            config.digestTtl(), config.digestMaxSize(), hit -> metrics.cache("digest", hit));
  }

  /**
   * Resolves the image's digest, or its tag ({@code latest} when it has neither) at the mirror.
   * Completes exceptionally with {@link RegistryException} (a timeout is {@code Kind.TIMEOUT});
   * loads on the calling thread, or joins the load another admission has in flight.
   */
  public CompletableFuture<Optional<Descriptor>> resolve(
      MirrorRoute route, ImageReference image, Deadline deadline) {
    Key key = new Key(route.endpoints(), image.identifier());
    return cache.get(key, () -> load(route, image, deadline), Optional::isPresent);
  }

  /**
   * The cached descriptor, if a completed lookup is cached (never loads, never waits, counts
   * nothing: see {@link #countCachedHit()}).
   */
  public Optional<Optional<Descriptor>> cached(MirrorRoute route, ImageReference image) {
    return cache.peek(new Key(route.endpoints(), image.identifier()));
  }

  /** Counts the use of an answer {@link #cached} gave. */
  public void countCachedHit() {
    cache.countHit();
  }

  /** Loads on the calling thread (the admission's own, which waits for it anyway). */
  private CompletableFuture<Optional<Descriptor>> load(
      MirrorRoute route, ImageReference image, Deadline deadline) {
    try {
      return CompletableFuture.completedFuture(
          registry.resolve(route, image.identifier(), deadline));
    } catch (RegistryException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Drops every cached answer. */
  public void clear() {
    cache.clear();
  }
}
