package dev.airlock.oci.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.ref.InvalidReferenceException.Part;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** opencontainers/go-digest rules: registered algorithms only, lowercase hex of exact length. */
class DigestTest {
  private static final String EMPTY_SHA256 =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @ParameterizedTest(name = "{0}")
  @CsvSource({"sha256,64", "sha384,96", "sha512,128"})
  void parse_registeredAlgorithm_accepted(String algorithm, int length) throws Exception {
    Digest d = Digest.parse(algorithm + ":" + "a".repeat(length));

    assertThat(d.algorithm()).isEqualTo(algorithm);
    assertThat(d.hex()).isEqualTo("a".repeat(length));
    assertThat(d.toString()).isEqualTo(algorithm + ":" + "a".repeat(length));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          sha256                                                                  | digest must be <algorithm>:<hex>
          sha256:                                                                 | digest must be <algorithm>:<hex>
          :abc                                                                    | digest must be <algorithm>:<hex>
          md5:d41d8cd98f00b204e9800998ecf8427e                                    | unsupported digest algorithm "md5"
          SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | unsupported digest algorithm "SHA256"
          sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 | invalid sha256 digest: want 64 lowercase hex characters
          sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85  | invalid sha256 digest: want 64 lowercase hex characters
          sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555 | invalid sha256 digest: want 64 lowercase hex characters
          sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | invalid sha256 digest: want 64 lowercase hex characters
          sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | invalid sha512 digest: want 128 lowercase hex characters
          """)
  void parse_invalid_rejectedAsDigest(String value, String message) {
    assertThatThrownBy(() -> Digest.parse(value))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class, e -> assertThat(e.part()).isEqualTo(Part.DIGEST))
        .hasMessage(message);
  }

  @Test
  void sha256_emptyInput_knownValue() throws Exception {
    assertThat(Digest.sha256(new byte[0])).isEqualTo(Digest.parse(EMPTY_SHA256));
  }

  @Test
  void matches_sameBytes_true_otherBytes_false() throws Exception {
    byte[] content = "{}".getBytes(StandardCharsets.UTF_8);
    Digest d = Digest.sha256(content);

    assertThat(d.matches(content)).isTrue();
    assertThat(d.matches("{ }".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void recompute_usesOwnAlgorithm() throws Exception {
    Digest sha512 = Digest.parse("sha512:" + "0".repeat(128));

    assertThat(sha512.recompute(new byte[0]).algorithm()).isEqualTo("sha512");
    assertThat(sha512.recompute(new byte[0]).hex()).hasSize(128);
  }

  @Test
  void tagFor_cosignSignatureTag() throws Exception {
    assertThat(Digest.parse(EMPTY_SHA256).tagFor("sig"))
        .isEqualTo("sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.sig");
  }
}
