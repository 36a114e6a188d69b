package dev.airlock.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.mirror.MirrorMap;
import dev.airlock.oci.mirror.MirrorRoute;
import dev.airlock.oci.ref.Digest;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.testing.AdmissionReviews;
import dev.airlock.oci.testing.ServedApp;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * Sends the reviews kube-apiserver would send while a pod per sample image and one Deployment are
 * created: {@code /mutate?timeout=10s}, then, after applying the patch, {@code /validate} of the
 * mutated object. Checks each answer against the sample's expectation and prints the table.
 */
final class AdmissionDemo {
  /** The namespace of the demo's pods (a namespace the demo policy covers). */
  static final String DEMO_NAMESPACE = "demo";

  static final String MUTATE = "/mutate?timeout=10s";
  static final String VALIDATE = "/validate?timeout=10s";
  private static final String FIELD = "spec.containers[0].image";

  private final ServedApp webhook;
  private final MirrorMap mirrors;
  private final Checks checks;
  private final PrintStream out;

  AdmissionDemo(ServedApp webhook, MirrorMap mirrors, Checks checks, PrintStream out) {
    this.webhook = webhook;
    this.mirrors = mirrors;
    this.checks = checks;
    this.out = out;
  }

  /** One Pod CREATE per sample; prints the table and the patch of {@code showPatchOf}. */
  void pods(List<Sample> samples, String showPatchOf) throws Exception {
    Table table =
        new Table("IMAGE AS WRITTEN", "MIRROR LOCATION", "DIGEST (short)", "DECISION", "REASON");
    JsonNode shownPatch = null;
    int n = 0;
    for (Sample sample : samples) {
      ObjectNode review = AdmissionReviews.pod(DEMO_NAMESPACE, "pod-" + n++, sample.written());
      JsonNode mutated = webhook.review(MUTATE, AdmissionReviews.bytes(review));
      List<JsonNode> patch = AdmissionReviews.patch(mutated);
      if (sample.written().equals(showPatchOf)) {
        shownPatch = mutated;
      }
      Optional<Digest> digest = sample.atMirror();
      String decision;
      String reason;
      if (mutated.path("allowed").asBoolean()) {
        JsonNode validated =
            webhook.review(
                VALIDATE, AdmissionReviews.bytes(AdmissionReviews.applied(review, patch)));
        boolean valid = validated.path("allowed").asBoolean();
        decision = valid ? "allowed, pinned" : "DENIED by /validate";
        reason = valid ? "verified; /validate admits the pinned pod" : message(validated);
        checkPinned(sample, patch);
        checks.that(
            valid, sample.written() + ": /validate denied the pinned pod: " + message(validated));
      } else {
        decision = "DENIED";
        reason = cause(sample, message(mutated));
        checks.equal(
            sample.written() + ": denial HTTP code",
            403,
            mutated.path("status").path("code").asInt());
      }
      checks.equal(
          sample.written() + ": decision",
          sample.expectedCause().isEmpty() ? "allowed, pinned" : "DENIED",
          decision);
      sample
          .expectedCause()
          .ifPresent(cause -> checks.equal(sample.written() + ": denial cause", cause, reason));
      table.row(
          sample.written(),
          mirrorLocation(sample.written()),
          shortDigest(digest),
          decision,
          reason);
    }
    table.print(out);
    out.println();
    out.println("JSON patch answered by /mutate for " + showPatchOf + " (base64-decoded):");
    checks.that(shownPatch != null, "no answer for " + showPatchOf);
    if (shownPatch != null) {
      out.println("  patchType: " + shownPatch.path("patchType").asText());
      out.println(AdmissionReviews.pretty(jsonPatch(shownPatch)).indent(2).stripTrailing());
    }
  }

  private static JsonNode jsonPatch(JsonNode response) {
    return JsonNodeFactory.instance.arrayNode().addAll(AdmissionReviews.patch(response));
  }

  /** The pin is {@code <image as written>@<digest the mirror serves>}, at the image's field. */
  private void checkPinned(Sample sample, List<JsonNode> patch) {
    String expected = sample.written() + "@" + sample.atMirror().map(Digest::toString).orElse("?");
    checks.equal(sample.written() + ": patch operations", 1, patch.size());
    if (patch.size() == 1) {
      JsonNode op = patch.get(0);
      checks.equal(
          sample.written() + ": patch path", "/spec/containers/0/image", op.path("path").asText());
      checks.equal(sample.written() + ": pinned image", expected, op.path("value").asText());
    }
  }

  /**
   * A Deployment with two tagged images: /mutate pins its pod template, /validate admits the
   * mutated object and denies the object as written (what /validate does if the mutating webhook
   * was bypassed).
   */
  void deployment(List<Sample> images) throws Exception {
    String[] written = images.stream().map(Sample::written).toArray(String[]::new);
    ObjectNode review = AdmissionReviews.deployment(DEMO_NAMESPACE, "shop", written);
    JsonNode mutated = webhook.review(MUTATE, AdmissionReviews.bytes(review));
    List<JsonNode> patch = AdmissionReviews.patch(mutated);
    out.println("Deployment demo/shop (" + String.join(", ", written) + "):");
    out.println("  /mutate   allowed=" + mutated.path("allowed").asBoolean() + ", patch:");
    patch.forEach(
        op ->
            out.println(
                "    "
                    + op.path("op").asText()
                    + " "
                    + op.path("path").asText()
                    + " = "
                    + op.path("value").asText()));
    checks.that(
        mutated.path("allowed").asBoolean(), "Deployment: /mutate denied: " + message(mutated));
    checks.equal("Deployment: patch operations", images.size(), patch.size());
    for (int i = 0; i < images.size() && i < patch.size(); i++) {
      Sample s = images.get(i);
      checks.equal(
          "Deployment: patch path " + i,
          "/spec/template/spec/containers/" + i + "/image",
          patch.get(i).path("path").asText());
      checks.equal(
          "Deployment: pinned " + s.written(),
          s.written() + "@" + s.atMirror().orElseThrow(),
          patch.get(i).path("value").asText());
    }
    JsonNode valid =
        webhook.review(VALIDATE, AdmissionReviews.bytes(AdmissionReviews.applied(review, patch)));
    out.println(
        "  /validate of the mutated Deployment: allowed=" + valid.path("allowed").asBoolean());
    checks.that(
        valid.path("allowed").asBoolean(),
        "Deployment: /validate denied the mutated object: " + message(valid));
    JsonNode bypass =
        webhook.review(
            VALIDATE, AdmissionReviews.bytes(AdmissionReviews.applied(review, List.of())));
    out.println(
        "  /validate of the Deployment as written (mutation bypassed): allowed="
            + bypass.path("allowed").asBoolean());
    out.println("    " + message(bypass));
    checks.that(
        !bypass.path("allowed").asBoolean(), "Deployment: /validate admitted tags without digests");
    checks.equal(
        "Deployment: /validate denial of the first image",
        "spec.template.spec.containers[0].image: "
            + written[0]
            + ": not pinned to a digest (rule "
            + DemoMirror.RULE
            + " requires one)",
        message(bypass).split("; ")[0]);
  }

  private String mirrorLocation(String written) throws Exception {
    Optional<MirrorRoute> route = mirrors.route(ImageReference.parse(written));
    return route.map(MirrorRoute::mirrorLocation).orElse("(no mirror)");
  }

  private static String shortDigest(Optional<Digest> digest) {
    return digest.map(d -> d.algorithm() + ":" + d.hex().substring(0, 12)).orElse("-");
  }

  private static String message(JsonNode response) {
    return response.path("status").path("message").asText("");
  }

  /** The cause after {@code <field>: <image>: }; the whole message when it names something else. */
  private String cause(Sample sample, String message) {
    String prefix = FIELD + ": " + sample.written() + ": ";
    checks.that(
        message.startsWith(prefix),
        sample.written() + ": denial does not start with <" + prefix + ">: " + message);
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
