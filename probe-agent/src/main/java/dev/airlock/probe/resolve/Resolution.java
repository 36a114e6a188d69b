package dev.airlock.probe.resolve;

import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.registry.Descriptor;
import java.util.Optional;

/** Where one image stands at the mirror: a closed set of outcomes. */
public sealed interface Resolution {

  ImageReference image();

  /** The route, when the image is mirrored. */
  Optional<MirrorRoute> route();

  /** {@code ok}, {@code missing: <what>}, {@code unmirrored} or {@code error: <cause>}. */
  String status();

  /** The tag or digest resolved at the mirror to {@code descriptor}. */
  record Resolved(ImageReference image, MirrorRoute mirror, Descriptor descriptor)
      implements Resolution {
    @Override
    public Optional<MirrorRoute> route() {
      return Optional.of(mirror);
    }

    @Override
    public String status() {
      return "ok";
    }
  }

  /** The mirror answered that {@code what} (e.g. {@code tag 7.2}) does not exist. */
  record Missing(ImageReference image, MirrorRoute mirror, String what) implements Resolution {
    @Override
    public Optional<MirrorRoute> route() {
      return Optional.of(mirror);
    }

    @Override
    public String status() {
      return "missing: " + what;
    }
  }

  /** No {@code hosts.toml} routes the image's registry to a mirror. */
  record Unmirrored(ImageReference image) implements Resolution {
    @Override
    public Optional<MirrorRoute> route() {
      return Optional.empty();
    }

    @Override
    public String status() {
      return "unmirrored";
    }
  }

  /** The mirror could not answer (unreachable, TLS, auth, malformed answer, deadline). */
  record Failed(ImageReference image, Optional<MirrorRoute> route, String cause)
      implements Resolution {
    @Override
    public String status() {
      return "error: " + cause;
    }
  }
}
