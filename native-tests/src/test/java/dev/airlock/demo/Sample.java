package dev.airlock.demo;

import dev.airlock.oci.ref.Digest;
import java.util.Optional;

/**
 * One image a pod names, what the mirror holds for it, and the decision the webhook must make.
 *
 * @param written the image as written in the pod spec
 * @param what what was pushed, for the reader
 * @param atMirror the digest the mirror serves for its tag, if any
 * @param expectedCause empty when the image must be admitted and pinned to {@code atMirror}; else
 *     the exact denial cause after {@code <field>: <image>: }
 */
record Sample(
    String written, String what, Optional<Digest> atMirror, Optional<String> expectedCause) {
  static Sample admitted(String written, String what, Digest atMirror) {
    return new Sample(written, what, Optional.of(atMirror), Optional.empty());
  }

  static Sample denied(String written, String what, Optional<Digest> atMirror, String cause) {
    return new Sample(written, what, atMirror, Optional.of(cause));
  }
}
