package dev.airlock.oci.registry.http;

import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import java.net.URI;

/** Checks on registry answers: success status, bytes against digests, digest headers. */
final class Content {
  private Content() {}

  /** A non-2xx reply becomes an HTTP_STATUS error with the registry's error codes. */
  static void requireSuccess(Reply reply) throws RegistryException {
    if (!reply.success()) {
      throw EndpointSession.statusError(reply);
    }
  }

  /** The bytes must hash to {@code digest} (image-spec descriptor.md "Verification"). */
  static void verify(Digest digest, byte[] body, URI url) throws RegistryException {
    if (!digest.matches(body)) {
      throw new RegistryException(
          Kind.DIGEST_MISMATCH,
          url,
          "content from "
              + url
              + " does not match "
              + digest
              + " (its bytes hash to "
              + digest.recompute(body)
              + ")");
    }
  }

  /** A {@code Docker-Content-Digest} that names other content than asked for is a mismatch. */
  static void requireSame(Digest wanted, Digest served, URI url) throws RegistryException {
    if (!wanted.equals(served)) {
      throw new RegistryException(
          Kind.DIGEST_MISMATCH,
          url,
          url + " answered Docker-Content-Digest " + served + ", expected " + wanted);
    }
  }

  static Digest parseDigestHeader(String value, URI url) throws RegistryException {
    try {
      return Digest.parse(value.trim());
    } catch (InvalidReferenceException e) {
      throw new RegistryException(
          Kind.MALFORMED,
          url,
          url + " answered an invalid Docker-Content-Digest: " + e.getMessage());
    }
  }
}
