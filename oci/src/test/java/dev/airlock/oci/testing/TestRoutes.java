package dev.airlock.oci.testing;

import dev.airlock.oci.mirror.Capability;
import dev.airlock.oci.mirror.ClientCertificate;
import dev.airlock.oci.mirror.HostEndpoint;
import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link MirrorRoute}s directly (without a hosts.toml) for registry-client tests.
 *
 * <pre>{@code
 * HostEndpoint mirror = TestRoutes.host(registry.origin(), List.of(pki.caFile()));
 * MirrorRoute route = TestRoutes.route(registry.authority() + "/team/app:1.0", mirror);
 * }</pre>
 */
public final class TestRoutes {
  private TestRoutes() {}

  /** A pull+resolve host at {@code origin} ({@code /v2} API path) trusting {@code caFiles}. */
  public static HostEndpoint host(URI origin, List<Path> caFiles) {
    return host(origin, caFiles, List.of(), Map.of());
  }

  /** A pull+resolve host with extra CAs, client certificates and headers. */
  public static HostEndpoint host(
      URI origin,
      List<Path> caFiles,
      List<ClientCertificate> clients,
      Map<String, List<String>> headers) {
    return new HostEndpoint(
        origin.getScheme(),
        origin.getRawAuthority(),
        "/v2",
        false,
        EnumSet.of(Capability.PULL, Capability.RESOLVE),
        caFiles,
        clients,
        false,
        headers,
        Optional.empty());
  }

  /** A host with the given capabilities only. */
  public static HostEndpoint withCapabilities(HostEndpoint host, Capability... capabilities) {
    return new HostEndpoint(
        host.scheme(),
        host.authority(),
        host.apiPath(),
        host.overridePath(),
        EnumSet.copyOf(Arrays.asList(capabilities)),
        host.caFiles(),
        host.clientCertificates(),
        host.skipVerify(),
        host.headers(),
        host.dialTimeout());
  }

  /** A route for {@code image} over {@code hosts} in order, requesting the image's repository. */
  public static MirrorRoute route(String image, HostEndpoint... hosts) {
    ImageReference ref;
    try {
      ref = ImageReference.parse(image);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e);
    }
    List<MirrorEndpoint> endpoints =
        Arrays.stream(hosts).map(h -> new MirrorEndpoint(h, ref.repository(), null)).toList();
    return new MirrorRoute(
        ref,
        ref.registry(),
        Path.of("hosts.toml"),
        endpoints,
        hosts.length == 0 ? "" : hosts[0].authority() + "/" + ref.repository());
  }
}
