package dev.airlock.oci.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerConfigCredentialsTest {
  private static final Path FILE = Path.of("/etc/airlock/config.json");

  private static DockerConfigCredentials parse(String json) throws CredentialsFileException {
    return DockerConfigCredentials.parse(FILE, json.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void lookup_authField_decodesUserAndPassword() throws Exception {
    var creds =
        parse("{\"auths\":{\"registry.internal:5000\":{\"auth\":\"" + b64("bob:pa:ss") + "\"}}}");
    assertThat(creds.lookup("registry.internal:5000")).contains(new Credentials("bob", "pa:ss"));
    assertThat(creds.lookup("registry.internal")).isEmpty();
  }

  @Test
  void lookup_usernamePassword_isUsed() throws Exception {
    var creds = parse("{\"auths\":{\"r.example\":{\"username\":\"u\",\"password\":\"p\"}}}");
    assertThat(creds.lookup("r.example")).contains(new Credentials("u", "p"));
  }

  @ParameterizedTest
  @CsvSource({
    "https://r.example:5000/v1/, r.example:5000",
    "http://r.example, r.example",
    "r.example/some/path, r.example",
    "127.0.0.1:5443, 127.0.0.1:5443"
  })
  void lookup_keyWithSchemeOrPath_matchesAuthority(String key, String authority) throws Exception {
    var creds = parse("{\"auths\":{\"" + key + "\":{\"auth\":\"" + b64("u:p") + "\"}}}");
    assertThat(creds.lookup(authority)).contains(new Credentials("u", "p"));
  }

  @Test
  void parse_noAuths_hasNoCredentials() throws Exception {
    assertThat(parse("{}").lookup("r.example")).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"credsStore\":\"desktop\"}|/etc/airlock/config.json: credsStore is not supported: put the credentials in \"auths\"",
        "{\"credHelpers\":{\"r.example\":\"ecr-login\"}}|/etc/airlock/config.json: credHelpers is not supported: put the credentials in \"auths\"",
        "{\"auths\":{\"r.example\":{\"identitytoken\":\"t0k\"}}}|/etc/airlock/config.json: auths[\"r.example\"]: identitytoken is not supported; use username/password",
        "{\"auths\":{\"r.example\":{}}}|/etc/airlock/config.json: auths[\"r.example\"] has neither auth nor username/password",
        "{\"auths\":{\"r.example\":{\"auth\":\"!!!\"}}}|/etc/airlock/config.json: auths[\"r.example\"].auth is not valid base64",
        "{\"auths\":{\"r.example\":{\"auth\":\"dXNlcg==\"}}}|/etc/airlock/config.json: auths[\"r.example\"].auth must encode \"username:password\"",
        "{\"auths\":[]}|/etc/airlock/config.json: \"auths\" must be an object",
        "[1]|/etc/airlock/config.json: must be a JSON object",
        "{\"auths\":|/etc/airlock/config.json: not valid JSON at line 1"
      })
  void parse_unsupportedOrBroken_throwsNamingTheEntry(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(CredentialsFileException.class)
        .hasMessage(message);
  }

  @Test
  void parse_sameHostTwiceWithDifferentCredentials_throws() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"auths\":{\"https://r.example\":{\"auth\":\""
                        + b64("a:1")
                        + "\"},\"r.example\":{\"auth\":\""
                        + b64("b:2")
                        + "\"}}}"))
        .hasMessage(FILE + ": auths has different credentials for r.example under two keys");
  }

  @Test
  void toString_neverShowsThePassword() throws Exception {
    var creds = parse("{\"auths\":{\"r.example\":{\"username\":\"u\",\"password\":\"hunter2\"}}}");
    assertThat(creds.toString()).doesNotContain("hunter2");
    assertThat(creds.lookup("r.example").orElseThrow().toString()).doesNotContain("hunter2");
  }
}
