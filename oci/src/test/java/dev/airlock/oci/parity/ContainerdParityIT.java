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
    System.out.println("[parity] " + image + " -> " + ref.normalized() + ":");
    lines.forEach(l -> System.out.println("[parity]   " + l));

    assertThat(pull.exitCode())
        .as("ctr pull of %s failed:\n%s\nregistry saw: %s", image, pull.describe(), lines)
        .isZero();
    // ctr unpacks into the native snapshotter after fetching: the layer was a real tar+gzip.
    assertThat(pull.stdout())
        .contains("unpacking linux/")
        .contains(pushed.manifestDigest() + "...");
    assertThat(route.endpoints())
        .as("MirrorMap endpoints for %s (the upstream is never one)", image)
        .extracting(e -> e.host().origin())
        .containsOnly(registry.origin());
    MirrorEndpoint resolver = route.resolvers().get(0);
    MirrorEndpoint puller = route.pullers().get(0);

    List<String> requested = seen.stream().map(ContainerdParityIT::requestUrl).toList();
    List<String> expectedManifests =
        List.of(
            "HEAD " + resolver.manifestUrl(ref.identifier()),
            "GET " + puller.manifestUrl(pushed.manifestDigest().toString()));
    List<String> expectedBlobs =
        List.of(
            "GET " + puller.blobUrl(pushed.configDigest()),
            "GET " + puller.blobUrl(pushed.layerDigest()));
    assertThat(requested.stream().filter(r -> r.contains("/manifests/")))
        .as("manifest requests containerd sent for %s", image)
        .containsExactlyElementsOf(expectedManifests);
    assertThat(requested)
        .as("all requests containerd sent for %s", image)
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(expectedManifests.stream(), expectedBlobs.stream()).toList());
    assertThat(seen).as("statuses").allMatch(r -> r.status() == 200);
    assertThat(ctrRequests(pull))
        .as("every request ctr logged (none to the upstream)")
        .containsExactlyInAnyOrderElementsOf(requested);
    assertThat(route.mirrorLocation()).isEqualTo(registry.authority() + "/" + storedRepo);
    return seen.stream().map(RegistryRequest::line).toList();
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
