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
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Step 6: the manifest descriptor a tag or digest names AT THE MIRROR (the endpoints of the image's
 * {@code hosts.toml}, never the upstream host). Answers are cached for {@code airlock.cache.digest-
 * ttl}; concurrent identical lookups share one registry round trip; not-found and errors are not
 * cached.
 */
@ApplicationScoped
public class DigestResolver {
  private final RegistryClient registry;
  private final WorkerPool pool;
  private final CoalescingCache<Key, Optional<Descriptor>> cache;

  /**
   * Everything the answer depends on: the endpoints asked (hosts, paths, the {@code ns} query a
   * proxying mirror selects its upstream by — two registries sharing a {@code _default} mirror
   * location are different keys) and the tag or digest.
   */
  private record Key(List<MirrorEndpoint> endpoints, String identifier) {}

  public DigestResolver(
      RegistryClient registry, WorkerPool pool, CacheConfig config, WebhookMetrics metrics) {
    this.registry = registry;
    this.pool = pool;
    this.cache =
        new CoalescingCache<>(
            config.digestTtl(), config.digestMaxSize(), hit -> metrics.cache("digest", hit));
  }

  /**
   * Resolves the image's digest, or its tag ({@code latest} when it has neither) at the mirror.
   * Completes exceptionally with {@link RegistryException} or {@link
   * java.util.concurrent.TimeoutException} when the mirror gives no answer in time.
   */
  public CompletableFuture<Optional<Descriptor>> resolve(
      MirrorRoute route, ImageReference image, Deadline deadline) {
    Key key = new Key(route.endpoints(), image.identifier());
    return cache.get(key, () -> load(route, image, deadline), Optional::isPresent);
  }

  private CompletableFuture<Optional<Descriptor>> load(
      MirrorRoute route, ImageReference image, Deadline deadline) {
    return pool.supply(
            () -> {
              try {
                return registry.resolve(route, image.identifier(), deadline);
              } catch (RegistryException e) {
                throw new CompletionException(e);
              }
            })
        .orTimeout(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Drops every cached answer. */
  public void clear() {
    cache.clear();
  }
}
