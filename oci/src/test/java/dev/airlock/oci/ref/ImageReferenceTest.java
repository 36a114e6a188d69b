package dev.airlock.oci.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.ref.InvalidReferenceException.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cases from github.com/distribution/reference {@code normalize_test.go} ({@code
 * TestValidateReferenceName}, {@code TestValidateRemoteName}, {@code TestParseRepositoryInfo},
 * {@code TestParseAnyReference}, {@code TestNormalizedSplitHostname}, {@code
 * TestParseReferenceWithTagAndDigest}) and {@code reference_test.go} (tag and name length limits).
 */
class ImageReferenceTest {
  private static final String D1 =
      "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
  private static final String D2 =
      "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
  private static final String TAG_128 = "t".repeat(128);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          redis                                        | docker.io        | library/redis        | -      | docker.io/library/redis:latest
          redis:latest                                 | docker.io        | library/redis        | latest | docker.io/library/redis:latest
          redis:7.2                                    | docker.io        | library/redis        | 7.2    | docker.io/library/redis:7.2
          docker.io/library/redis:latest               | docker.io        | library/redis        | latest | docker.io/library/redis:latest
          docker.io/debian                             | docker.io        | library/debian       | -      | docker.io/library/debian:latest
          index.docker.io/redis                        | docker.io        | library/redis        | -      | docker.io/library/redis:latest
          index.docker.io/docker/docker                | docker.io        | docker/docker        | -      | docker.io/docker/docker:latest
          library/ubuntu                               | docker.io        | library/ubuntu       | -      | docker.io/library/ubuntu:latest
          dmcgowan/myapp                               | docker.io        | dmcgowan/myapp       | -      | docker.io/dmcgowan/myapp:latest
          library/foo/bar                              | docker.io        | library/foo/bar      | -      | docker.io/library/foo/bar:latest
          store/foo/bar                                | docker.io        | store/foo/bar        | -      | docker.io/store/foo/bar:latest
          test_com/foo                                 | docker.io        | test_com/foo         | -      | docker.io/test_com/foo:latest
          docker---rules/docker                        | docker.io        | docker---rules/docker | -     | docker.io/docker---rules/docker:latest
          dock__er/docker                              | docker.io        | dock__er/docker      | -      | docker.io/dock__er/docker:latest
          d/docker                                     | docker.io        | d/docker             | -      | docker.io/d/docker:latest
          jess/t                                       | docker.io        | jess/t               | -      | docker.io/jess/t:latest
          ubuntu-12.04-base                            | docker.io        | library/ubuntu-12.04-base | - | docker.io/library/ubuntu-12.04-base:latest
          thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev | docker.io | library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev | - | docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest
          dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9 | docker.io | library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9 | - | docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9:latest
          docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a | docker.io | library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a | - | docker.io/library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest
          192.168.0.1                                  | docker.io        | library/192.168.0.1  | -      | docker.io/library/192.168.0.1:latest
          192.168.0.1:80                               | docker.io        | library/192.168.0.1  | 80     | docker.io/library/192.168.0.1:80
          192.168.0.1:8/debian                         | 192.168.0.1:8    | debian               | -      | 192.168.0.1:8/debian:latest
          127.0.0.1:5000/library/debian                | 127.0.0.1:5000   | library/debian       | -      | 127.0.0.1:5000/library/debian:latest
          127.0.0.1:8000/private/moonbase              | 127.0.0.1:8000   | private/moonbase     | -      | 127.0.0.1:8000/private/moonbase:latest
          test.com/foo                                 | test.com         | foo                  | -      | test.com/foo:latest
          test.com:8080/foo                            | test.com:8080    | foo                  | -      | test.com:8080/foo:latest
          test-com:8080/foo                            | test-com:8080    | foo                  | -      | test-com:8080/foo:latest
          xn--n3h.com:18080/foo                        | xn--n3h.com:18080 | foo                 | -      | xn--n3h.com:18080/foo:latest
          example.com:8000/private/moonbase:v1         | example.com:8000 | private/moonbase     | v1     | example.com:8000/private/moonbase:v1
          localhost/foo                                | localhost        | foo                  | -      | localhost/foo:latest
          localhost:5000/a/b                           | localhost:5000   | a/b                  | -      | localhost:5000/a/b:latest
          [::1]:5000/x                                 | [::1]:5000       | x                    | -      | [::1]:5000/x:latest
          [fc00::1]:5000/docker/docker                 | [fc00::1]:5000   | docker/docker        | -      | [fc00::1]:5000/docker/docker:latest
          [fc00:1:2:3:4:5:6:7]:5000/library/debian     | [fc00:1:2:3:4:5:6:7]:5000 | library/debian | - | [fc00:1:2:3:4:5:6:7]:5000/library/debian:latest
          Foo/bar                                      | Foo              | bar                  | -      | Foo/bar:latest
          FOO/bar                                      | FOO              | bar                  | -      | FOO/bar:latest
          Docker/docker                                | Docker           | docker               | -      | Docker/docker:latest
          us-docker.pkg.dev/solo-public/gloo/proxy:1.17 | us-docker.pkg.dev | solo-public/gloo/proxy | 1.17 | us-docker.pkg.dev/solo-public/gloo/proxy:1.17
          """)
  void parse_validName_normalises(
      String written, String registry, String repository, String tag, String normalized)
      throws Exception {
    ImageReference ref = ImageReference.parse(written);

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag().orElse(null)).isEqualTo(tag);
    assertThat(ref.digest()).isEmpty();
    assertThat(ref.normalized()).isEqualTo(normalized);
    assertThat(ref.normalizedName()).isEqualTo(registry + "/" + repository);
    assertThat(ref.toString()).isEqualTo(written);
  }

  @Test
  void parse_tagAndDigest_digestDecidesTagKeptForDisplay() throws Exception {
    ImageReference ref = ImageReference.parse("busybox:latest@" + D2);

    assertThat(ref.tag()).contains("latest");
    assertThat(ref.digest()).contains(Digest.parse(D2));
    assertThat(ref.identifier()).isEqualTo(D2);
    assertThat(ref.normalized()).isEqualTo("docker.io/library/busybox@" + D2);
    assertThat(ref.toString()).isEqualTo("busybox:latest@" + D2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          redis@DIGEST1                            | docker.io/library/redis@DIGEST1
          docker.io/library/redis@DIGEST1          | docker.io/library/redis@DIGEST1
          dmcgowan/myapp@DIGEST1                   | docker.io/dmcgowan/myapp@DIGEST1
          localhost:5000/a/b:1.0@DIGEST1           | localhost:5000/a/b@DIGEST1
          """)
  void parse_digest_normalisedByDigest(String written, String normalized) throws Exception {
    ImageReference ref = ImageReference.parse(written.replace("DIGEST1", D1));

    assertThat(ref.normalized()).isEqualTo(normalized.replace("DIGEST1", D1));
    assertThat(ref.identifier()).isEqualTo(D1);
    assertThat(ref.toString()).isEqualTo(written.replace("DIGEST1", D1));
  }

  @Test
  void parse_noTag_identifierIsLatest() throws Exception {
    assertThat(ImageReference.parse("redis").identifier()).isEqualTo("latest");
    assertThat(ImageReference.parse("redis").tag()).isEmpty();
    assertThat(ImageReference.parse("redis:7").identifier()).isEqualTo("7");
  }

  @Test
  void parse_tagOf128Characters_accepted() throws Exception {
    assertThat(ImageReference.parse("redis:" + TAG_128).tag()).contains(TAG_128);
  }

  @Test
  void parse_nameOf255Characters_accepted() throws Exception {
    String name = "a.io/" + "b".repeat(250);
    assertThat(ImageReference.parse(name).normalizedName()).hasSize(255);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          https://github.com/docker/docker        | DOMAIN | invalid registry host "https:"
          -docker.io/docker/docker                | DOMAIN | invalid registry host "-docker.io"
          fc00::1:5000/debian                     | DOMAIN | invalid registry host "fc00::1:5000"
          [fe80::1%eth0]:5000/debian              | DOMAIN | invalid registry host "[fe80::1%eth0]:5000"
          [2001:db8:3:4::192.0.2.33]:5000/debian  | DOMAIN | invalid registry host "[2001:db8:3:4::192.0.2.33]:5000"
          a_b.c/foo                               | DOMAIN | invalid registry host "a_b.c"
          docker/Docker                           | PATH   | repository name "docker/Docker" must be lowercase
          docker.io/docker/Docker                 | PATH   | repository name "docker/Docker" must be lowercase
          Redis                                   | PATH   | repository name "library/Redis" must be lowercase
          localhost:5000/Foo:1                    | PATH   | repository name "Foo" must be lowercase
          -docker                                 | PATH   | invalid repository path "library/-docker"
          -docker/docker                          | PATH   | invalid repository path "-docker/docker"
          docker-/docker                          | PATH   | invalid repository path "docker-/docker"
          -docker-/docker                         | PATH   | invalid repository path "-docker-/docker"
          docker///docker                         | PATH   | invalid repository path "docker///docker"
          docker.io/docker///docker               | PATH   | invalid repository path "docker///docker"
          ____/____                               | PATH   | invalid repository path "____/____"
          _docker/_docker                         | PATH   | invalid repository path "_docker/_docker"
          dock..er/docker                         | DOMAIN | invalid registry host "dock..er"
          dock_.er/docker                         | DOMAIN | invalid registry host "dock_.er"
          dock-.er/docker                         | DOMAIN | invalid registry host "dock-.er"
          docker/                                 | PATH   | invalid repository path "docker/"
          [fc00::1]                               | PATH   | invalid repository path "library/[fc00:"
          [fc00::1]:5000                          | PATH   | invalid repository path "library/[fc00::1]"
          redis:-bad                              | TAG    | invalid tag "-bad"
          redis:a+b                               | TAG    | invalid tag "a+b"
          redis@sha256:abc                        | DIGEST | invalid digest "sha256:abc"
          1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a | REFERENCE | cannot specify a 64-byte hexadecimal string as a repository name
          """)
  void parse_invalid_namesPart(String written, Part part, String message) {
    assertThatThrownBy(() -> ImageReference.parse(written))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class,
            e -> {
              assertThat(e.part()).isEqualTo(part);
              assertThat(e.input()).isEqualTo(written);
            })
        .hasMessage(message);
  }

  @Test
  void parse_empty_rejected() {
    assertThatThrownBy(() -> ImageReference.parse(""))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class, e -> assertThat(e.part()).isEqualTo(Part.REFERENCE))
        .hasMessage("repository name is empty");
  }

  @Test
  void parse_tagOf129Characters_rejectedAsTag() {
    String tag = TAG_128 + "t";
    assertThatThrownBy(() -> ImageReference.parse("redis:" + tag))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class, e -> assertThat(e.part()).isEqualTo(Part.TAG))
        .hasMessage("invalid tag \"" + tag + "\"");
  }

  @Test
  void parse_nameOver255Characters_rejectedAsPath() {
    // normalize_test.go: "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255..."
    String namespace =
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_".repeat(4);
    String written = namespace.substring(0, namespace.length() - 1) + "/docker";
    assertThatThrownBy(() -> ImageReference.parse(written))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class, e -> assertThat(e.part()).isEqualTo(Part.PATH))
        .hasMessage("repository name must not be more than 255 characters");
  }

  @Test
  void parse_nameOf256CharactersCountingDomain_rejected() {
    String written = "a.io/" + "b".repeat(251);
    assertThatThrownBy(() -> ImageReference.parse(written))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class, e -> assertThat(e.part()).isEqualTo(Part.PATH))
        .hasMessage("repository name must not be more than 255 characters");
  }

  @Test
  void parse_longestValidReference_accepted() throws Exception {
    String written = "a.io/" + "b".repeat(250) + ":" + TAG_128 + "@sha512:" + "c".repeat(128);

    assertThat(written).hasSize(520);
    assertThat(ImageReference.parse(written).toString()).isEqualTo(written);
  }

  // java.util.regex recurses per repetition; such input overflowed the stack before the guard.
  @ParameterizedTest
  @CsvSource({"'a.',50000,-/x", "'x/a-',50000,!", "a,200000,!"})
  void parse_hostileLongInput_rejectedWithoutRegex(String unit, int times, String tail) {
    String written = unit.repeat(times) + tail;

    assertThatThrownBy(() -> ImageReference.parse(written))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class, e -> assertThat(e.part()).isEqualTo(Part.REFERENCE))
        .hasMessage("reference must not be more than 520 characters");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          redis@sha256:DBCC1C35AC38DF41FD2F5E4130B32FFDB93EBAE8B3DBE638C23575912276FC9C | invalid sha256 digest: want 64 lowercase hex characters
          redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8                           | invalid sha256 digest: want 64 lowercase hex characters
          redis@md5:dbcc1c35ac38df41fd2f5e4130b32ffd                                      | unsupported digest algorithm "md5"
          redis@SHA256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c | unsupported digest algorithm "SHA256"
          """)
  void parse_badDigest_rejectedAsDigest(String written, String message) {
    assertThatThrownBy(() -> ImageReference.parse(written))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class, e -> assertThat(e.part()).isEqualTo(Part.DIGEST))
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          redis:7.2                          | redis:7.2@DIGEST2
          redis                              | redis@DIGEST2
          Foo/bar:1                          | Foo/bar:1@DIGEST2
          [::1]:5000/x:y                     | [::1]:5000/x:y@DIGEST2
          redis:7.2@DIGEST1                  | redis:7.2@DIGEST2
          docker.io/library/redis@DIGEST1    | docker.io/library/redis@DIGEST2
          """)
  void withDigest_keepsSpellingAndReplacesDigest(String written, String expected) throws Exception {
    ImageReference ref = ImageReference.parse(written.replace("DIGEST1", D1));

    ImageReference pinned = ref.withDigest(Digest.parse(D2));

    assertThat(pinned.toString()).isEqualTo(expected.replace("DIGEST2", D2));
    assertThat(pinned.digest()).contains(Digest.parse(D2));
    assertThat(pinned.tag()).isEqualTo(ref.tag());
    assertThat(pinned.normalizedName()).isEqualTo(ref.normalizedName());
    assertThat(pinned).isEqualTo(ImageReference.parse(pinned.toString()));
  }

  @Test
  void equals_sameSpelling_equal_differentSpelling_notEqual() throws Exception {
    assertThat(ImageReference.parse("redis")).isEqualTo(ImageReference.parse("redis"));
    assertThat(ImageReference.parse("redis")).hasSameHashCodeAs(ImageReference.parse("redis"));
    assertThat(ImageReference.parse("redis"))
        .isNotEqualTo(ImageReference.parse("docker.io/library/redis"));
  }
}
