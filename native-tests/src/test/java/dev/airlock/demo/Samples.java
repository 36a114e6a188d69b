package dev.airlock.demo;

import dev.airlock.oci.ref.Digest;
import java.util.List;
import java.util.Optional;

/**
 * The demo's images: pushed to the mirror (signed, Docker Hub, multi-arch, unsigned, signed by
 * another key) or deliberately absent (tag missing, outside the policy, registry without a mirror),
 * each with the decision and exact denial cause the webhook must give.
 */
final class Samples {
  private Samples() {}

  static List<Sample> push(DemoMirror m) {
    String gar = DemoMirror.GAR;
    String hub = DemoMirror.DOCKER_HUB;
    Digest gloo = m.signed(gar, "solo-public/gloo/gloo", "1.17.0");
    Digest redis = m.signed(hub, "library/redis", "7.2");
    Digest multi = m.signedIndex(gar, "solo-public/gloo/sds", "1.17.0");
    Digest unsigned = m.unsigned(gar, "solo-public/gloo/discovery", "1.17.0");
    Digest stranger = m.signedByOtherKey(gar, "solo-public/gloo/ingress", "1.17.0");
    return List.of(
        Sample.admitted(gar + "/solo-public/gloo/gloo:1.17.0", "signed with the demo key", gloo),
        Sample.admitted("redis:7.2", "Docker Hub image, signed with the demo key", redis),
        Sample.admitted(
            gar + "/solo-public/gloo/sds:1.17.0",
            "multi-arch index (amd64, arm64), index digest signed",
            multi),
        Sample.denied(
            gar + "/solo-public/gloo/discovery:1.17.0",
            "unsigned",
            Optional.of(unsigned),
            "no signature found at the mirror"),
        Sample.denied(
            gar + "/solo-public/gloo/ingress:1.17.0",
            "signed by another key",
            Optional.of(stranger),
            "no signature by a trusted key"),
        Sample.denied(
            gar + "/solo-public/gloo/gloo:1.18.0",
            "not pushed (tag missing at the mirror)",
            Optional.empty(),
            "tag 1.18.0 not found at mirror "
                + m.authority()
                + "/"
                + gar
                + "/solo-public/gloo/gloo"),
        Sample.denied(
            gar + "/other-team/tool:2.0",
            "not pushed; outside the policy's globs",
            Optional.empty(),
            "no policy rule covers mirror location "
                + m.authority()
                + "/"
                + gar
                + "/other-team/tool"),
        Sample.denied(
            "quay.io/prometheus/node-exporter:v1.8.2",
            "registry without certs.d entry",
            Optional.empty(),
            "registry quay.io has no mirror in the hosts directory"));
  }
}
