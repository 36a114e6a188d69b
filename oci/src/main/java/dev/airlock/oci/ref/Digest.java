package dev.airlock.oci.ref;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest {@code algorithm:hex}, validated as opencontainers/go-digest does: only the
 * registered algorithms sha256, sha384 and sha512, lowercase hex of the algorithm's exact length.
 */
public final class Digest {
  private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

  private final String algorithm;
  private final String hex;

  private Digest(String algorithm, String hex) {
    this.algorithm = algorithm;
    this.hex = hex;
  }

  /** Parses {@code sha256:<64 hex>} (or sha384, sha512). */
  public static Digest parse(String value) throws InvalidReferenceException {
    Objects.requireNonNull(value, "value");
    int colon = value.indexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Part.DIGEST, value, "digest must be <algorithm>:<hex>");
    }
    String algorithm = value.substring(0, colon);
    String hex = value.substring(colon + 1);
    int expected = hexLength(algorithm);
    if (expected < 0) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Part.DIGEST,
          value,
          "unsupported digest algorithm \"" + algorithm + "\"");
    }
    if (hex.length() != expected || !HEX.matcher(hex).matches()) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Part.DIGEST,
          value,
          "invalid " + algorithm + " digest: want " + expected + " lowercase hex characters");
    }
    return new Digest(algorithm, hex);
  }

  /** The sha256 digest of {@code content}. */
  public static Digest sha256(byte[] content) {
    return of("sha256", content);
  }

  /** The digest of {@code content} computed with this digest's algorithm. */
  public Digest recompute(byte[] content) {
    return of(algorithm, content);
  }

  /** True when {@code content} hashes to this digest. */
  public boolean matches(byte[] content) {
    return MessageDigest.isEqual(
        recompute(content).hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static Digest of(String algorithm, byte[] content) {
    try {
      String jca = "SHA-" + algorithm.substring(3);
      byte[] sum = MessageDigest.getInstance(jca).digest(content);
      return new Digest(algorithm, HexFormat.of().formatHex(sum));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }

  private static int hexLength(String algorithm) {
    return switch (algorithm.toLowerCase(Locale.ROOT).equals(algorithm) ? algorithm : "") {
      case "sha256" -> 64;
      case "sha384" -> 96;
      case "sha512" -> 128;
      default -> -1;
    };
  }

  public String algorithm() {
    return algorithm;
  }

  public String hex() {
    return hex;
  }

  /** The cosign legacy signature tag for this digest: {@code sha256-<hex>.sig}. */
  public String tagFor(String suffix) {
    return algorithm + "-" + hex + "." + suffix;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && d.algorithm.equals(algorithm) && d.hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, hex);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
