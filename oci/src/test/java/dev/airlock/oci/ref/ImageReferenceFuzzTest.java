package dev.airlock.oci.ref;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.Mutations;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzz (issue 12): {@link ImageReference#parse} against an oracle written from the grammar of
 * distribution's {@code reference} package, the parser kubelet and containerd use. Whatever airlock
 * accepts, containerd must accept too (else the name airlock checks is not the name that is
 * pulled), it reads back to itself, and bad input is only ever an {@link
 * InvalidReferenceException}. Tries per property: {@code -Dfuzz.tries} (scripts/fuzz.sh).
 */
class ImageReferenceFuzzTest {
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String HOST =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
  private static final String NAME =
      "(?:" + HOST + "(?::[0-9]+)?/)?" + COMPONENT + "(?:/" + COMPONENT + ")*";
  private static final Pattern DISTRIBUTION =
      Pattern.compile(
          "("
              + NAME
              + ")(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?");

  @Property
  void mutatedReference_isAcceptedOnlyWhenDistributionAccepts(@ForAll("mutated") String written) {
    checkOne(written);
  }

  @Property
  void anyString_isAcceptedOnlyWhenDistributionAccepts(
      @ForAll("referenceAlphabet") String written) {
    checkOne(written);
  }

  @Property
  void grammarReference_isAccepted(@ForAll("valid") String written)
      throws InvalidReferenceException {
    ImageReference parsed = ImageReference.parse(written);

    assertThat(ImageReference.parse(parsed.toString())).isEqualTo(parsed);
    assertThat(parsed.normalizedName()).endsWith(parsed.repository());
  }

  private static void checkOne(String written) {
    ImageReference parsed;
    try {
      parsed = ImageReference.parse(written);
    } catch (InvalidReferenceException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(DISTRIBUTION.matcher(written).matches())
        .as("airlock accepted %s, distribution's grammar does not", written)
        .isTrue();
    assertThat(written).doesNotContain(" ", "\n", "\t");
    try {
      assertThat(ImageReference.parse(parsed.toString())).isEqualTo(parsed);
      assertThat(ImageReference.parse(parsed.normalized()).normalized())
          .isEqualTo(parsed.normalized());
    } catch (InvalidReferenceException e) {
      throw new AssertionError(written + " does not read back: " + e.getMessage(), e);
    }
  }

  @Provide
  Arbitrary<String> mutated() {
    return Arbitraries.of(
            "registry.example.com/payments/checkout:2.14.3",
            "registry.example.com:5000/a/b/c@sha256:"
                + "4c3b1d6e8f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c",
            "redis:7.2",
            "docker.io/library/redis",
            "index.docker.io/bitnami/redis:7.2@sha256:"
                + "4c3b1d6e8f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c",
            "[::1]:5000/team/app:1.0",
            "localhost/app__x-y.z:latest")
        .flatMap(Mutations::of);
  }

  @Provide
  Arbitrary<String> referenceAlphabet() {
    return Arbitraries.strings().withChars("aZ09.-_:/@[]").withChars('a', 'f').ofMaxLength(80);
  }

  @Provide
  Arbitrary<String> valid() {
    Arbitrary<String> component =
        Arbitraries.strings()
            .withChars('a', 'z')
            .withChars('0', '9')
            .ofMinLength(1)
            .ofMaxLength(8)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(parts -> String.join(Arbitraries.of(".", "_", "__", "-", "--").sample(), parts));
    Arbitrary<String> host =
        Arbitraries.of("", "registry.example.com/", "localhost:5000/", "[::1]:5000/", "docker.io/");
    Arbitrary<String> path =
        component.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    Arbitrary<String> tag =
        Arbitraries.strings()
            .withChars('a', 'z')
            .withChars("0123456789._-")
            .ofMinLength(0)
            .ofMaxLength(20)
            .map(t -> t.isEmpty() || !Character.isLetterOrDigit(t.charAt(0)) ? "" : ":" + t);
    Arbitrary<String> digest =
        Arbitraries.strings()
            .withChars("0123456789abcdef")
            .ofLength(64)
            .injectNull(0.5)
            .map(hex -> hex == null ? "" : "@sha256:" + hex);
    return Combinators.combine(host, path, tag, digest)
        .as((h, p, t, d) -> h + p + t + d)
        .filter(s -> !s.matches("[0-9a-f]{64}"));
  }
}
