package dev.airlock.oci.ref;

import dev.airlock.oci.ref.InvalidReferenceException.Part;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference as Kubernetes and containerd read it: the grammar of
 * github.com/distribution/reference ({@code reference.go}, {@code regexp.go}) with the Docker
 * normalisation of {@code normalize.go} ({@code ParseNormalizedNamed}, {@code splitDockerDomain}).
 *
 * <p>The value keeps the spelling as written: {@link #toString()} returns the parsed string
 * exactly, and {@link #withDigest(Digest)} keeps name and tag as written ({@code redis:7.2} becomes
 * {@code redis:7.2@sha256:…}). The normalised form ({@code docker.io/library/redis:7.2}) is
 * separate. When both a tag and a digest are given, the digest decides what is pulled; the tag is
 * display.
 */
public final class ImageReference {
  /** Docker Hub's canonical domain after normalisation. */
  public static final String DOCKER_HUB = "docker.io";

  private static final String LEGACY_DOCKER_HUB = "index.docker.io";
  private static final String OFFICIAL_PREFIX = "library/";
  private static final String DEFAULT_TAG = "latest";
  private static final int NAME_MAX = 255;

  /**
   * The longest valid reference: name (255), {@code :} and tag (128), {@code @} and the longest
   * registered digest ({@code sha512:} and 128 hex). Longer input is refused before any regular
   * expression runs: java.util.regex backtracks recursively (Go's RE2 does not), and a hostile
   * string of some 100k characters would overflow the stack.
   */
  static final int REFERENCE_MAX = NAME_MAX + 1 + 128 + 1 + "sha512:".length() + 128;

  // distribution/reference regexp.go, spelled out.
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
  private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
  private static final String DOMAIN = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern DOMAIN_PATTERN = Pattern.compile(DOMAIN);
  private static final Pattern PATH_PATTERN =
      Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
  private static final Pattern TAG_PATTERN = Pattern.compile(TAG);
  private static final Pattern DIGEST_PATTERN = Pattern.compile(DIGEST);
  private static final Pattern REFERENCE =
      Pattern.compile(
          "((?:"
              + DOMAIN
              + "/)?"
              + PATH_COMPONENT
              + "(?:/"
              + PATH_COMPONENT
              + ")*)(?::("
              + TAG
              + "))?(?:@("
              + DIGEST
              + "))?");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

  private final String written;
  private final String registry;
  private final String repository;
  private final String tag;
  private final Digest digest;

  private ImageReference(
      String written, String registry, String repository, String tag, Digest digest) {
    this.written = written;
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses a reference as kubelet and containerd do ({@code ParseNormalizedNamed}).
   *
   * @throws InvalidReferenceException naming the part that is wrong
   */
  public static ImageReference parse(String written) throws InvalidReferenceException {
    Objects.requireNonNull(written, "written");
    if (written.isEmpty()) {
      throw new InvalidReferenceException(Part.REFERENCE, written, "repository name is empty");
    }
    if (written.length() > REFERENCE_MAX) {
      throw new InvalidReferenceException(
          Part.REFERENCE,
          written,
          "reference must not be more than " + REFERENCE_MAX + " characters");
    }
    if (IDENTIFIER.matcher(written).matches()) {
      throw new InvalidReferenceException(
          Part.REFERENCE,
          written,
          "cannot specify a 64-byte hexadecimal string as a repository name");
    }
    // splitDockerDomain: the first component is a domain only when it looks like one.
    String domain;
    String remainder;
    int slash = written.indexOf('/');
    String first = slash < 0 ? "" : written.substring(0, slash);
    if (slash < 0
        || (first.indexOf('.') < 0
            && first.indexOf(':') < 0
            && !first.equals("localhost")
            && first.toLowerCase(Locale.ROOT).equals(first))) {
      domain = DOCKER_HUB;
      remainder = written;
    } else {
      domain = first;
      remainder = written.substring(slash + 1);
    }
    if (domain.equals(LEGACY_DOCKER_HUB)) {
      domain = DOCKER_HUB;
    }
    if (domain.equals(DOCKER_HUB) && remainder.indexOf('/') < 0) {
      remainder = OFFICIAL_PREFIX + remainder;
    }
    String name = nameOf(remainder);
    if (!name.toLowerCase(Locale.ROOT).equals(name)) {
      throw new InvalidReferenceException(
          Part.PATH, written, "repository name \"" + name + "\" must be lowercase");
    }
    if (!DOMAIN_PATTERN.matcher(domain).matches()) {
      throw new InvalidReferenceException(
          Part.DOMAIN, written, "invalid registry host \"" + domain + "\"");
    }
    Matcher m = REFERENCE.matcher(domain + "/" + remainder);
    if (!m.matches()) {
      throw explain(written, domain, remainder);
    }
    String fullName = m.group(1);
    if (fullName.length() > NAME_MAX) {
      throw new InvalidReferenceException(
          Part.PATH, written, "repository name must not be more than " + NAME_MAX + " characters");
    }
    String repository = fullName.substring(domain.length() + 1);
    Digest digest = m.group(3) == null ? null : Digest.parse(m.group(3));
    return new ImageReference(written, domain, repository, m.group(2), digest);
  }

  /** The repository part of {@code remainder}, without tag or digest. */
  private static String nameOf(String remainder) {
    int at = remainder.indexOf('@');
    String beforeDigest = at < 0 ? remainder : remainder.substring(0, at);
    int colon = beforeDigest.lastIndexOf(':');
    return colon < 0 ? beforeDigest : beforeDigest.substring(0, colon);
  }

  private static InvalidReferenceException explain(String written, String domain, String rest) {
    int at = rest.indexOf('@');
    String digest = at < 0 ? null : rest.substring(at + 1);
    String beforeDigest = at < 0 ? rest : rest.substring(0, at);
    int colon = beforeDigest.lastIndexOf(':');
    String tag = colon < 0 ? null : beforeDigest.substring(colon + 1);
    String path = colon < 0 ? beforeDigest : beforeDigest.substring(0, colon);
    if (!PATH_PATTERN.matcher(path).matches()) {
      return new InvalidReferenceException(
          Part.PATH, written, "invalid repository path \"" + path + "\"");
    }
    if (tag != null && !TAG_PATTERN.matcher(tag).matches()) {
      return new InvalidReferenceException(Part.TAG, written, "invalid tag \"" + tag + "\"");
    }
    if (digest != null && !DIGEST_PATTERN.matcher(digest).matches()) {
      return new InvalidReferenceException(
          Part.DIGEST, written, "invalid digest \"" + digest + "\"");
    }
    return new InvalidReferenceException(Part.REFERENCE, written, "invalid reference format");
  }

  /** Normalised registry host, with port as written: {@code docker.io}, {@code 127.0.0.1:5443}. */
  public String registry() {
    return registry;
  }

  /** Normalised repository path: {@code library/redis}. */
  public String repository() {
    return repository;
  }

  /** The tag as written, if any (no implicit {@code latest}). */
  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  /** The digest, if the reference carries one. */
  public Optional<Digest> digest() {
    return Optional.ofNullable(digest);
  }

  /** {@code docker.io/library/redis}. */
  public String normalizedName() {
    return registry + "/" + repository;
  }

  /**
   * What containerd pulls, normalised ({@code ParseDockerRef}): {@code name@digest} when a digest
   * is present (the tag is dropped), else {@code name:tag} with {@code latest} when no tag.
   */
  public String normalized() {
    return digest != null
        ? normalizedName() + "@" + digest
        : normalizedName() + ":" + identifierOrLatest();
  }

  /**
   * The manifest reference a puller requests: the digest when present, else the tag, else {@code
   * latest}.
   */
  public String identifier() {
    return digest != null ? digest.toString() : identifierOrLatest();
  }

  private String identifierOrLatest() {
    return tag != null ? tag : DEFAULT_TAG;
  }

  /**
   * The reference as written with {@code digest} pinned: {@code redis:7.2} becomes {@code
   * redis:7.2@sha256:…}; an existing digest is replaced.
   */
  public ImageReference withDigest(Digest newDigest) {
    Objects.requireNonNull(newDigest, "newDigest");
    int at = written.indexOf('@');
    String base = at < 0 ? written : written.substring(0, at);
    return new ImageReference(base + "@" + newDigest, registry, repository, tag, newDigest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageReference r && r.written.equals(written);
  }

  @Override
  public int hashCode() {
    return written.hashCode();
  }

  /** The reference exactly as written. */
  @Override
  public String toString() {
    return written;
  }
}
