package dev.airlock.webhook.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** design.md "Policy file": {@code *} within one path segment, {@code **} across segments. */
class GlobTest {
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          registry.internal/solo-public/**   | registry.internal/solo-public/a/b/c | true
          registry.internal/solo-public/**   | registry.internal/solo-public/      | true
          registry.internal/solo-public/**   | registry.internal/solo-publicx/a    | false
          registry.internal/*/app            | registry.internal/team/app          | true
          registry.internal/*/app            | registry.internal/a/b/app           | false
          registry.internal/*                | registry.internal/                  | true
          registry.internal/team*            | registry.internal/team-b            | true
          registry.internal/team*            | registry.internal/team/b            | false
          registry.internal/team**           | registry.internal/team/b            | true
          **                                 | anything/at/all                     | true
          *                                  | a/b                                 | false
          a***b                              | a/x/b                               | true
          a*b*c                              | abxbc                               | true
          a*b*c                              | ab/c                                | false
          registry.internal/x.y              | registry.internal/xzy               | false
          registry.internal/[a]              | registry.internal/[a]               | true
          registry.internal/(x)              | registry.internal/x                 | false
          ''                                 | ''                                  | true
          ''                                 | a                                   | false
          """)
  void matches(String glob, String location, boolean expected) {
    assertThat(Glob.compile(glob).matches(location)).isEqualTo(expected);
  }

  /** A regular expression of this glob backtracked for 0.7 s per match on a 300-char location. */
  @ParameterizedTest
  @CsvSource({"**a**a**a**c, true", "**/**/**/**/c, false", "*a*a*a*a*a*a*c, false"})
  void matches_adversarialGlobOnLongLocation_isDecided(String glob, boolean withC) {
    String location = "a".repeat(150) + "/" + "a".repeat(150);
    assertThat(Glob.compile(glob).matches(location)).isFalse();
    assertThat(Glob.compile(glob).matches(location + "c")).isEqualTo(withC);
  }
}
