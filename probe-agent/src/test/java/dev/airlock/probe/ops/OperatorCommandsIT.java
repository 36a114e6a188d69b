package dev.airlock.probe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.testing.RegistryPusher;
import dev.airlock.oci.testing.RegistryPusher.Format;
import dev.airlock.oci.testing.RegistryPusher.PlatformImage;
import dev.airlock.oci.testing.RegistryPusher.Pushed;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** preflight and inventory, in-process, against a real docker-registry as the mirror. */
@QuarkusMainTest
class OperatorCommandsIT {
  @BeforeAll
  static void startMirror() {
    MirrorRegistry.start();
  }

  @AfterAll
  static void stopMirror() {
    MirrorRegistry.stop();
  }

  @TempDir Path dir;

  Path list(String... lines) throws Exception {
    Path file = Files.createTempFile(dir, "images", ".txt");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  /** An index of a linux/amd64 and a linux/arm64 image; returns [index, amd64, arm64]. */
  static List<Pushed> multiArch(String repo, String tag) {
    RegistryPusher push = MirrorRegistry.push();
    Pushed amd64 = push.image(repo, tag + "-amd64", Format.OCI);
    Pushed arm64 = push.image(repo, tag + "-arm64", Format.OCI);
    Pushed index =
        push.index(
            repo,
            tag,
            List.of(
                new PlatformImage("linux/amd64", amd64), new PlatformImage("linux/arm64", arm64)));
    return List.of(index, amd64, arm64);
  }

  @Test
  void preflight_allPresent_printsTableAndExitsZero(QuarkusMainLauncher launcher) throws Exception {
    List<Pushed> redis = multiArch("dockerhub/library/redis", "7.2");
    Pushed nginx = MirrorRegistry.push().image("dockerhub/library/nginx", "1.27", Format.DOCKER);
    Path file = list("# upgrade", "redis:7.2", "", "docker.io/library/nginx:1.27");
    LaunchResult result =
        launcher.launch("preflight", file.toString(), "--platforms", "linux/amd64,linux/arm64");
    String redisAt = MirrorRegistry.location("library/redis");
    String nginxAt = MirrorRegistry.location("library/nginx");
    int w = "docker.io/library/nginx:1.27".length();
    int l = Math.max(redisAt.length(), nginxAt.length());
    assertThat(result.getOutputStream())
        .containsExactly(
            pad("IMAGE", w) + pad("MIRROR LOCATION", l) + pad("DIGEST", 71) + "STATUS",
            pad("redis:7.2", w)
                + pad(redisAt, l)
                + pad(redis.get(0).digest().toString(), 71)
                + "ok",
            pad("docker.io/library/nginx:1.27", w)
                + pad(nginxAt, l)
                + pad(nginx.digest().toString(), 71)
                + "missing: platform linux/arm64 (image is linux/amd64)");
    assertThat(result.exitCode()).isEqualTo(1);

    LaunchResult amd64Only =
        launcher.launch("preflight", file.toString(), "--platforms", "linux/amd64");
    assertThat(amd64Only.exitCode()).isEqualTo(0);
  }

  @Test
  void preflight_indexMissingOnePlatformsBlobs_failsThatPlatformOnly(QuarkusMainLauncher launcher)
      throws Exception {
    List<Pushed> app = multiArch("dockerhub/team/app", "2.0");
    JsonNode arm64 = new ObjectMapper().readTree(app.get(2).bytes());
    String layer = arm64.path("layers").path(0).path("digest").asText();
    MirrorRegistry.deleteBlob("dockerhub/team/app", layer);
    Path file = list("team/app:2.0");

    LaunchResult both =
        launcher.launch(
            "preflight",
            file.toString(),
            "--platforms",
            "linux/amd64,linux/arm64",
            "--output",
            "json");
    assertThat(both.exitCode()).isEqualTo(1);
    JsonNode row = new ObjectMapper().readTree(both.getOutput()).get(0);
    assertThat(row.path("status").asText()).isEqualTo("missing");
    assertThat(row.path("detail").asText()).isEqualTo("linux/arm64 layer " + layer);
    assertThat(row.path("digest").asText()).isEqualTo(app.get(0).digest().toString());
    assertThat(row.path("mirrorLocation").asText()).isEqualTo(MirrorRegistry.location("team/app"));

    LaunchResult amd64 =
        launcher.launch("preflight", file.toString(), "--platforms", "linux/amd64");
    assertThat(amd64.exitCode()).isEqualTo(0);
  }

  @Test
  void preflight_missingTagAndUnmirrored_exitOne(QuarkusMainLauncher launcher) throws Exception {
    Path file = list("redis:0.0-absent", "quay.io/org/app:1");
    LaunchResult result = launcher.launch("preflight", file.toString(), "--output", "json");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getOutput())
        .isEqualTo(
            "[{\"image\":\"redis:0.0-absent\",\"mirrorLocation\":\""
                + MirrorRegistry.location("library/redis")
                + "\",\"digest\":null,\"status\":\"missing\",\"detail\":\"tag 0.0-absent\"},"
                + "{\"image\":\"quay.io/org/app:1\",\"mirrorLocation\":null,\"digest\":null,"
                + "\"status\":\"unmirrored\",\"detail\":null}]");
  }

  @Test
  void preflight_badLine_namesLineAndExitsOne(QuarkusMainLauncher launcher) throws Exception {
    Path file = list("redis:7.2", "Redis:7");
    LaunchResult result = launcher.launch("preflight", file.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getErrorOutput())
        .contains(
            "preflight: "
                + file
                + ":2: invalid image reference \"Redis:7\": repository name \"library/Redis\""
                + " must be lowercase");
  }

  @Test
  void inventory_repushedTagIsADifference_retagIsNot(QuarkusMainLauncher launcher)
      throws Exception {
    RegistryPusher push = MirrorRegistry.push();
    List<Pushed> multi = multiArch("dockerhub/library/busybox", "1.36");
    Pushed app = push.image("dockerhub/team/web", "1.0", Format.OCI);
    Path file = list("team/web:1.0", "busybox:1.36", "docker.io/library/busybox:1.36");

    LaunchResult first = launcher.launch("inventory", file.toString());
    assertThat(first.exitCode()).isEqualTo(0);
    assertThat(first.getOutputStream())
        .containsExactly(
            "docker.io/library/busybox@" + multi.get(0).digest(),
            "docker.io/team/web@" + app.digest());
    Path old = dir.resolve("old.txt");
    Files.writeString(old, String.join("\n", first.getOutputStream()) + "\n");

    // Same content under a new tag: no difference. Re-pushed tag with new content: a difference.
    push.manifest(
        "dockerhub/library/busybox", "1.36.1", multi.get(0).mediaType(), multi.get(0).bytes());
    Pushed repushed = push.image("dockerhub/team/web", "1.0", Format.OCI);
    Path next = list("team/web:1.0", "busybox:1.36.1");
    LaunchResult diff = launcher.launch("inventory", next.toString(), "--against", old.toString());
    assertThat(diff.exitCode()).isEqualTo(0);
    assertThat(diff.getOutputStream()).containsExactly("docker.io/team/web@" + repushed.digest());
  }

  @Test
  void inventory_unresolvedImage_printsNothingAndExitsOne(QuarkusMainLauncher launcher)
      throws Exception {
    Pushed app = MirrorRegistry.push().image("dockerhub/team/api", "3", Format.OCI);
    Path file = list("team/api:3", "team/api:4");
    LaunchResult result = launcher.launch("inventory", file.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.getOutput()).isEmpty();
    assertThat(result.getErrorOutput()).contains("inventory: team/api:4: missing: tag 4");
    assertThat(app.digest()).isNotNull();
  }

  private static String pad(String cell, int width) {
    return cell + " ".repeat(width - cell.length()) + "  ";
  }
}
