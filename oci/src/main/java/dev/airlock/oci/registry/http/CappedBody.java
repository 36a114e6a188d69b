package dev.airlock.oci.registry.http;

import dev.airlock.oci.registry.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a response body up to a cap. Over the cap it either fails with {@link TooLarge} or, for
 * error bodies read only for diagnostics, keeps the first {@code cap} bytes. A declared {@code
 * Content-Length} over the cap fails before a byte is read.
 */
final class CappedBody {
  private static final int CHUNK = 16 * 1024;

  /** The body (or its declared length) exceeds the cap. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long cap) {
      super("response body larger than " + cap + " bytes");
    }
  }

  /** The deadline passed while the body was still arriving. */
  static final class DeadlinePassed extends IOException {
    private static final long serialVersionUID = 1L;

    DeadlinePassed() {
      super("the body was still arriving at the deadline");
    }
  }

  /** What was read, and whether bytes were left unread (the connection must not be reused). */
  record Read(byte[] bytes, boolean complete) {}

  private CappedBody() {}

  /**
   * Reads {@code in} to its end or the cap, checking {@code deadline} between reads: a body that
   * trickles in stops at the deadline ({@link DeadlinePassed}).
   */
  static Read read(
      InputStream in, long cap, boolean truncate, long declaredLength, Deadline deadline)
      throws IOException {
    if (declaredLength > cap && !truncate) {
      throw new TooLarge(cap);
    }
    int initial = declaredLength > 0 && declaredLength <= cap ? (int) declaredLength : CHUNK;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(initial);
    byte[] chunk = new byte[CHUNK];
    while (true) {
      long room = cap - bytes.size();
      int n = in.read(chunk, 0, (int) Math.min(CHUNK, room + 1));
      if (n < 0) {
        return new Read(bytes.toByteArray(), true);
      }
      if (deadline.expired()) {
        throw new DeadlinePassed();
      }
      if (n > room) {
        if (!truncate) {
          throw new TooLarge(cap);
        }
        bytes.write(chunk, 0, (int) room);
        return new Read(bytes.toByteArray(), false);
      }
      bytes.write(chunk, 0, n);
    }
  }
}
