package dev.airlock.oci.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.testing.RegistryRequest;
import dev.airlock.oci.testing.RegistryServer;
import dev.airlock.oci.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity of {@link MirrorMap} with the real puller: a private containerd 1.6 pulls upstream-named
 * images with {@code ctr images pull --hosts-dir <certs.d>} from a real docker-registry on
 * loopback, and the registry's log must show exactly the requests MirrorMap predicts (path, {@code
 * ns=} query, {@code Host}); {@code ctr --debug} must show that containerd requested nothing else
 * (the upstream registries, which do not resolve, are never tried). The content is stored only
 * under the repository that MirrorMap names as the mirror location, so a successful pull also
 * proves that location.
 */
class ContainerdParityIT {
  private static final Duration PULL_TIMEOUT = Duration.ofSeconds(120);
  private static final String NAMESPACE = "parity";

  /** containerd {@code remotes/docker} debug line for every HTTP request it sends. */
  private static final Pattern DO_REQUEST =
      Pattern.compile("msg=\"do request\".*\\brequest\\.method=(\\S+).*\\burl=\"?([^\"\\s]+)");

  @TempDir static Path shared;
  private static RegistryServer registry;
  private static ContainerdDaemon containerd;

  @TempDir Path certsDir;

  @BeforeAll
  static void start() {
    TestPki pki = TestPki.create(shared.resolve("pki"));
    registry = RegistryServer.builder(pki, shared).start();
    containerd = ContainerdDaemon.start(shared.resolve("containerd"));
  }

  @AfterAll
  static void stop() {
    try (RegistryServer r = registry;
        ContainerdDaemon c = containerd) {
      // closed in reverse order
    }
  }

  // design.md "Mirror semantics": containerd requested
  // HEAD /v2/dockerhub-library/library/redis/manifests/7.2?ns=docker.io
  @Test
  void pull_dockerHubShortNameThroughOverridePathMirror_requestsWhatMirrorMapPredicts() {
    hostsToml(
        "docker.io",
        """
        server = "https://registry-1.docker.io"

        [host."%s/v2/dockerhub-library"]
          capabilities = ["pull", "resolve"]
          override_path = true
          ca = "%s"
        """
            .formatted(registry.origin(), registry.caFile()));

    List<String> lines = assertParity("redis:7.2", "dockerhub-library/library/redis");

    assertThat(lines.get(0))
        .isEqualTo("HEAD /v2/dockerhub-library/library/redis/manifests/7.2?ns=docker.io");
  }

  // What the webhook's patch makes the node pull: name:tag@digest, resolved by digest.
  @Test
  void pull_dockerHubTagAndDigest_requestsByDigestWhatMirrorMapPredicts() {
    hostsToml(
        "docker.io",
        """
        server = "https://registry-1.docker.io"

        [host."%s/v2/dockerhub-library"]
          capabilities = ["pull", "resolve"]
          override_path = true
          ca = "%s"
        """
            .formatted(registry.origin(), registry.caFile()));
    UnpackableImage pinned =
        UnpackableImage.random()
            .push(registry.pusher(), "dockerhub-library/library/redis", "pinned");

    List<String> lines =
        assertParity(
            "redis:7.2@" + pinned.manifestDigest(), "dockerhub-library/library/redis", pinned);

    assertThat(lines.get(0))
        .isEqualTo(
            "HEAD /v2/dockerhub-library/library/redis/manifests/"
                + pinned.manifestDigest()
                + "?ns=docker.io");
  }

  // docs/hosts.md: the host directory is named host:port as written.
  @Test
  void pull_upstreamWithPortInColonDirectory_requestsWhatMirrorMapPredicts() {
    hostsToml(
        "upstream.example:5000",
        """
        server = "https://upstream.example:5000"

        [host."%s"]
          capabilities = ["pull", "resolve"]
          ca = "%s"
        """
            .formatted(registry.origin(), registry.caFile()));

    List<String> lines = assertParity("upstream.example:5000/team/app:1", "team/app");

    assertThat(lines.get(0)).isEqualTo("HEAD /v2/team/app/manifests/1?ns=upstream.example%3A5000");
  }

  // containerd hostPaths (unix): host_port_ is looked up before host:port.
  @Test
  void pull_upstreamWithPortInBothDirectoryForms_usesPortUnderscoreDirectory() {
    hostsToml(
        "upstream.example_5000_",
        """
        [host."%s/v2/port-form"]
          override_path = true
          ca = "%s"
        """
            .formatted(registry.origin(), registry.caFile()));
    hostsToml(
        "upstream.example:5000",
        """
        [host."%s/v2/colon-form"]
          override_path = true
          ca = "%s"
        """
            .formatted(registry.origin(), registry.caFile()));

    List<String> lines = assertParity("upstream.example:5000/team/app:2", "port-form/team/app");

    assertThat(lines.get(0))
        .isEqualTo("HEAD /v2/port-form/team/app/manifests/2?ns=upstream.example%3A5000");
  }

  // docs/hosts.md "Setup a Local Mirror for Docker" shape, for a non-Docker-Hub upstream and
  // without server (containerd's implicit upstream fallback is never reached).
  @Test
  void pull_plainMirrorHost_requestsWhatMirrorMapPredicts() {
    hostsToml(
        "us-docker.pkg.dev",
        """
        [host."%s"]
          capabilities = ["pull", "resolve"]
          ca = "%s"
        """
            .formatted(registry.origin(), registry.caFile()));

    List<String> lines = assertParity("us-docker.pkg.dev/solo-public/x/y:1", "solo-public/x/y");

    assertThat(lines.get(0)).isEqualTo("HEAD /v2/solo-public/x/y/manifests/1?ns=us-docker.pkg.dev");
  }

  // docs/hosts.md: _default/hosts.toml applies to registries without their own directory.
  @Test
  void pull_registryWithoutDirectoryThroughDefault_requestsWhatMirrorMapPredicts() {
    hostsToml(
        "_default",
        """
        [host."%s/v2/all-registries"]
          override_path = true
          ca = "%s"
        """
            .formatted(registry.origin(), registry.caFile()));

    List<String> lines = assertParity("quay.io/team/tool:2", "all-registries/team/tool");

    assertThat(lines.get(0)).isEqualTo("HEAD /v2/all-registries/team/tool/manifests/2?ns=quay.io");
  }

  // containerd core/remotes/docker/resolver.go Resolve: a tag is resolved only at hosts with both
  // pull and resolve (filterHosts wants every capability asked for); content is fetched by digest
  // from the first host. Every host serves the image, so the log alone shows which host containerd
  // chose for what.
  @Test
  void pull_hostsWithSplitCapabilities_resolvesAtFirstPullResolveHostFetchesFromFirstPullHost() {
    hostsToml("registry.example", splitCapabilities("pull-only", "resolve-only", "pull-resolve"));
    UnpackableImage image = pushEverywhere("3", "pull-only", "resolve-only", "pull-resolve");

    List<String> lines =
        assertParity("registry.example/team/app:3", "pull-resolve/team/app", image);

    assertThat(lines.subList(0, 2))
        .containsExactly(
            "HEAD /v2/pull-resolve/team/app/manifests/3?ns=registry.example",
            "GET /v2/pull-only/team/app/manifests/"
                + image.manifestDigest()
                + "?ns=registry.example");
  }

  // KNOWN DIFFERENCE, not copied by MirrorMap: containerd 1.6.20's fetcher (fetcher.go Fetch)
  // checks that some host has pull, then loops over all hosts in file order (r.hosts, not the
  // filtered list), so manifests by digest and blobs come from the first host whatever its
  // capabilities. MirrorMap's pullers() keep to the documented capabilities. Content is fetched by
  // digest, so this changes where the bytes come from, not which bytes. This test pins the
  // observed behaviour so that a containerd upgrade that changes it is noticed.
  @Test
  void pull_resolveOnlyHostListedFirst_containerd1620FetchesContentFromItUnlikeMirrorMapPullers() {
    hostsToml("registry.example", splitCapabilities("resolve-only", "pull-only", "pull-resolve"));
    UnpackableImage image = pushEverywhere("4", "resolve-only", "pull-only", "pull-resolve");
    ImageReference ref = parse("registry.example/team/app:4");
    MirrorRoute route = route(ref);

    List<String> requested = pull(ref, image);

    String at = registry.origin() + "/v2/";
    String ns = "?ns=registry.example";
    assertThat(requested.subList(0, 2))
        .containsExactly(
            "HEAD " + at + "pull-resolve/team/app/manifests/4" + ns,
            "GET " + at + "resolve-only/team/app/manifests/" + image.manifestDigest() + ns);
    assertThat(requested.subList(2, requested.size()))
        .containsExactlyInAnyOrder(
            "GET " + at + "resolve-only/team/app/blobs/" + image.configDigest() + ns,
            "GET " + at + "resolve-only/team/app/blobs/" + image.layerDigest() + ns);
    assertThat(route.resolvers().get(0).manifestUrl("4").toString())
        .isEqualTo(at + "pull-resolve/team/app/manifests/4" + ns);
    assertThat(route.pullers().get(0).blobUrl(image.layerDigest()).toString())
        .isEqualTo(at + "pull-only/team/app/blobs/" + image.layerDigest() + ns);
  }

  /** One override_path host per prefix, in order, with the capabilities its name says. */
  private static String splitCapabilities(String... prefixes) {
    StringBuilder toml = new StringBuilder();
    for (String prefix : prefixes) {
      String capabilities =
          switch (prefix) {
            case "pull-only" -> "\"pull\"";
            case "resolve-only" -> "\"resolve\"";
            default -> "\"pull\", \"resolve\"";
          };
      toml.append(
          """
          [host."%s/v2/%s"]
            capabilities = [%s]
            override_path = true
            ca = "%s"

          """
              .formatted(registry.origin(), prefix, capabilities, registry.caFile()));
    }
    return toml.toString();
  }

  /** One fresh image pushed as {@code <prefix>/team/app:<tag>} for every prefix. */
  private static UnpackableImage pushEverywhere(String tag, String... prefixes) {
    UnpackableImage image = UnpackableImage.random();
    for (String prefix : prefixes) {
      image.push(registry.pusher(), prefix + "/team/app", tag);
    }
    return image;
  }

  /** Pushes a fresh image to {@code storedRepo} under the image's tag, then checks the pull. */
  private List<String> assertParity(String image, String storedRepo) {
    ImageReference ref = parse(image);
    UnpackableImage pushed =
        UnpackableImage.random().push(registry.pusher(), storedRepo, ref.tag().orElse("latest"));
    return assertParity(image, storedRepo, pushed);
  }

  /**
   * Pulls {@code image} with containerd and compares the registry log and ctr's own request log
   * with the route MirrorMap gives: the tag (or digest) resolved at the first resolver, manifest
   * and blobs fetched by digest from the first puller; returns the registry's request lines.
   */
  private List<String> assertParity(String image, String storedRepo, UnpackableImage pushed) {
    ImageReference ref = parse(image);
    MirrorRoute route = route(ref);
    assertThat(route.endpoints())
        .as("MirrorMap endpoints for %s (the upstream is never one)", image)
        .extracting(e -> e.host().origin())
        .containsOnly(registry.origin());
    MirrorEndpoint resolver = route.resolvers().get(0);
    MirrorEndpoint puller = route.pullers().get(0);
    List<String> expectedManifests =
        List.of(
            "HEAD " + resolver.manifestUrl(ref.identifier()),
            "GET " + puller.manifestUrl(pushed.manifestDigest().toString()));
    List<String> expectedBlobs =
        List.of(
            "GET " + puller.blobUrl(pushed.configDigest()),
            "GET " + puller.blobUrl(pushed.layerDigest()));

    List<String> requested = pull(ref, pushed);

    assertThat(requested.stream().filter(r -> r.contains("/manifests/")))
        .as("manifest requests containerd sent for %s", image)
        .containsExactlyElementsOf(expectedManifests);
    assertThat(requested)
        .as("all requests containerd sent for %s", image)
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(expectedManifests.stream(), expectedBlobs.stream()).toList());
    assertThat(route.mirrorLocation()).isEqualTo(registry.authority() + "/" + storedRepo);
    return requested.stream().map(ContainerdParityIT::withoutOrigin).toList();
  }

  /**
   * Pulls {@code ref} with {@code ctr --debug images pull} and checks that it succeeded, unpacked
   * {@code pushed}, was answered 200 for every request, and requested nothing but what the registry
   * logged (so no other host, upstream included). Returns {@code METHOD url} of every request the
   * registry logged for the pull, in completion order.
   */
  private List<String> pull(ImageReference ref, UnpackableImage pushed) {
    int before = registry.requestsSoFar().size();
    ContainerdDaemon.Ctr pull =
        containerd.ctrDebug(
            PULL_TIMEOUT,
            "-n",
            NAMESPACE,
            "images",
            "pull",
            "--hosts-dir",
            certsDir.toString(),
            "--snapshotter",
            "native",
            ref.normalized());
    List<RegistryRequest> all = registry.requestsSoFar();
    List<RegistryRequest> seen = all.subList(before, all.size());
    List<String> lines = seen.stream().map(r -> r.line() + "  Host: " + r.host()).toList();
    System.out.println("[parity] " + ref + " -> " + ref.normalized() + ":");
    lines.forEach(l -> System.out.println("[parity]   " + l));

    assertThat(pull.exitCode())
        .as("ctr pull of %s failed:\n%s\nregistry saw: %s", ref, pull.describe(), lines)
        .isZero();
    // ctr unpacks into the native snapshotter after fetching: the layer was a real tar+gzip.
    assertThat(pull.stdout())
        .contains("unpacking linux/")
        .contains(pushed.manifestDigest() + "...");
    assertThat(seen).as("statuses").allMatch(r -> r.status() == 200);
    List<String> requested = seen.stream().map(ContainerdParityIT::requestUrl).toList();
    assertThat(ctrRequests(pull))
        .as("every request ctr logged (none to the upstream)")
        .containsExactlyInAnyOrderElementsOf(requested);
    return requested;
  }

  /** {@code METHOD https://host/path?q} without the origin: {@code METHOD /path?q}. */
  private static String withoutOrigin(String request) {
    String prefix = " " + registry.origin();
    return request.replace(prefix, " ");
  }

  /** {@code METHOD https://<Host header><path>[?query]} from the registry log. */
  private static String requestUrl(RegistryRequest r) {
    return r.method()
        + " https://"
        + r.host()
        + r.path()
        + (r.query().isEmpty() ? "" : "?" + r.query());
  }

  /** {@code METHOD url} of every "do request" line ctr logged with {@code --debug}. */
  private static List<String> ctrRequests(ContainerdDaemon.Ctr ctr) {
    List<String> out = new ArrayList<>();
    for (String line : ctr.stderr().split("\n")) {
      Matcher m = DO_REQUEST.matcher(line);
      if (m.find()) {
        out.add(m.group(1) + " " + m.group(2));
      }
    }
    return out;
  }

  private MirrorRoute route(ImageReference ref) {
    try {
      return MirrorMap.load(certsDir)
          .route(ref)
          .orElseThrow(() -> new AssertionError("MirrorMap says " + ref + " is unmirrored"));
    } catch (dev.airlock.oci.mirror.HostsConfigException e) {
      throw new AssertionError("MirrorMap cannot load " + certsDir + ": " + e.getMessage(), e);
    }
  }

  private static ImageReference parse(String image) {
    try {
      return ImageReference.parse(image);
    } catch (dev.airlock.oci.ref.InvalidReferenceException e) {
      throw new AssertionError(e);
    }
  }

  private void hostsToml(String directory, String toml) {
    try {
      Path dir = Files.createDirectories(certsDir.resolve(directory));
      Files.writeString(dir.resolve("hosts.toml"), toml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
