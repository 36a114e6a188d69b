package dev.airlock.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.HeadOnlyPost;
import dev.airlock.webhook.testing.InsecureTls;
import dev.airlock.webhook.testing.WebhookCalls;
import dev.airlock.webhook.testing.WebhookTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(WebhookTestResource.class)
class BadRequestTest {
  @TestHTTPResource(value = "/", tls = true)
  URL base;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``|empty body: want an AdmissionReview",
        "`   `|empty body: want an AdmissionReview",
        "`{not json`|invalid JSON: Unexpected character ('n' (code 110)): was expecting double-quote to start field name",
        "`[]`|AdmissionReview must be a JSON object",
        "`{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\"}`|unsupported apiVersion \"admission.k8s.io/v1beta1\": want admission.k8s.io/v1",
        "`{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Pod\"}`|kind must be AdmissionReview",
        "`{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}`|AdmissionReview has no request",
        "`{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}`|request.uid is required",
        "`{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\",\"kind\":{\"kind\":\"Pod\"}}}`|request.object is required for CREATE",
        "`{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"operation\":\"PATCH\",\"kind\":{\"kind\":\"Pod\"}}}`|request.operation \"PATCH\" is not known",
      })
  void post_garbage_400WithMessage(String body, String message) {
    assertBadRequestOnBothWebhooks(body, message);
  }

  /**
   * Regression (issue 12): a wrongly shaped object ({@code containers} as an object) was an HTTP
   * 500 with a NullPointerException; every shape on the way to an image is a 400 naming the field.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "Pod|`{\"spec\":{\"containers\":{\"name\":\"a\",\"image\":\"x\"}}}`|spec.containers: must be a list",
        "Pod|`{\"spec\":{\"containers\":[\"redis:7\"]}}`|spec.containers[0]: must be an object",
        "Pod|`{\"spec\":[]}`|spec: must be an object",
        "Pod|`{\"spec\":{\"volumes\":[{\"name\":\"v\",\"image\":\"redis:7\"}]}}`|spec.volumes[0].image: must be an object",
        "Pod|`{\"spec\":{\"initContainers\":7}}`|spec.initContainers: must be a list",
        "Deployment|`{\"spec\":{\"template\":\"x\"}}`|spec.template: must be an object",
        "CronJob|`{\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"ephemeralContainers\":{}}}}}}}`|spec.jobTemplate.spec.template.spec.ephemeralContainers: must be a list",
      })
  void post_wronglyShapedObject_400NamingTheField(String kind, String object, String message) {
    String body =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
            + "\"uid\":\"u\",\"operation\":\"CREATE\",\"namespace\":\"default\","
            + "\"kind\":{\"kind\":\""
            + kind
            + "\"},\"object\":"
            + object
            + "}}";
    assertBadRequestOnBothWebhooks(body, message);
  }

  /**
   * Regression (issue 12): a key given twice was read last-wins, so airlock could check one image
   * while another parser (or a proxy in front of the kubelet's API path) kept the first. Every
   * level a review can repeat a key at is a 400 naming the key.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`\"apiVersion\":\"admission.k8s.io/v1\",`|`\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"redis:7\"}]}`|apiVersion",
        "`\"kind\":\"AdmissionReview\",`|`\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"redis:7\"}]}`|kind",
        "``|`\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"redis:7\"}]},\"spec\":{}`|spec",
        "``|`\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"redis:7\"}],\"containers\":[]}`|containers",
        "``|`\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"redis:7\",\"image\":\"mirror.example/a@sha256:0000000000000000000000000000000000000000000000000000000000000000\"}]}`|image",
        "``|`\"spec\":{\"initContainers\":[{\"name\":\"i\",\"image\":\"redis:7\",\"image\":\"redis:8\"}]}`|image",
        "``|`\"spec\":{\"volumes\":[{\"name\":\"v\",\"image\":{\"reference\":\"redis:7\",\"reference\":\"redis:8\"}}]}`|reference",
      })
  void post_duplicateKey_400NamingTheKey(String topLevel, String podSpec, String key) {
    String body =
        "{"
            + topLevel
            + "\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
            + "\"uid\":\"u\",\"operation\":\"CREATE\",\"namespace\":\"default\","
            + "\"kind\":{\"kind\":\"Pod\"},\"object\":{\"kind\":\"Pod\","
            + podSpec
            + "}}}";
    assertBadRequestOnBothWebhooks(body, "invalid JSON: Duplicate field '" + key + "'");
  }

  /**
   * Regression (issue 12): the walk for images follows {@code request.kind}; an object of another
   * kind (a Deployment sent as a ConfigMap, whose images were never looked at) was allowed.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "ConfigMap|CREATE|`\"Deployment\"`|request.object.kind \"Deployment\" does not match request.kind.kind \"ConfigMap\"",
        "Pod|UPDATE|`\"Deployment\"`|request.object.kind \"Deployment\" does not match request.kind.kind \"Pod\"",
        "Deployment|CREATE|`\"deployment\"`|request.object.kind \"deployment\" does not match request.kind.kind \"Deployment\"",
        "Pod|CREATE|`7`|request.object.kind 7 does not match request.kind.kind \"Pod\"",
        "Pod|CREATE|`null`|request.object.kind null does not match request.kind.kind \"Pod\"",
      })
  void post_objectKindNotRequestKind_400(
      String requestKind, String operation, String objectKind, String message) {
    String body =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
            + "\"uid\":\"u\",\"operation\":\""
            + operation
            + "\",\"namespace\":\"default\",\"kind\":{\"kind\":\""
            + requestKind
            + "\"},\"object\":{\"kind\":"
            + objectKind
            + ",\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\","
            + "\"image\":\"redis:7\"}]}}}}}}";
    assertBadRequestOnBothWebhooks(body, message);
  }

  /**
   * Regression (attacker review): a 4 MiB body of {@code [{},{},…]} built over a million tree nodes
   * per request; a few at once exhausted the heap. The decoder stops at 300,000 tokens.
   */
  @Test
  void post_bodyOfTooManyJsonTokens_400BeforeTheTreeIsBuilt() {
    StringBuilder body = new StringBuilder("{\"apiVersion\":\"admission.k8s.io/v1\",\"pad\":[");
    for (int i = 0; i < 400_000; i++) {
      body.append(i == 0 ? "0" : ",0");
    }
    body.append("]}");
    Response r =
        new WebhookCalls(base).post("/mutate", body.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.asString()).startsWith("invalid JSON: Token count (300001) exceeds the maximum");
  }

  /**
   * Regression (fuzz, issue 12): a 400 echoed a newline from the body, so its "one-line message"
   * was two lines (and a log reader could be fed a forged line).
   */
  @Test
  void post_newlineInAnEchoedField_400OnOneLine() {
    String body =
        "{\"apiVersion\":\"admission\\n.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}";
    assertBadRequestOnBothWebhooks(
        body, "unsupported apiVersion \"admission\\u000a.k8s.io/v1\": want admission.k8s.io/v1");
  }

  @Test
  void post_nestedTooDeep_400() {
    String body = "[".repeat(200) + "]".repeat(200);
    Response r = new WebhookCalls(base).post("/mutate", body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.asString()).startsWith("invalid JSON: Document nesting depth (129) exceeds");
  }

  @Test
  void post_badTimeout_400() {
    Response r = new WebhookCalls(base).post("/mutate?timeout=soon", "{}".getBytes());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.asString()).isEqualTo("invalid timeout \"soon\": want a duration like 10s");
  }

  @Test
  void post_bodyOver4MiB_413BeforeTheBodyIsSent() throws Exception {
    String status =
        HeadOnlyPost.statusLine(InsecureTls.context(), base.getPort(), "/mutate", (4L << 20) + 1);

    assertThat(status).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
  }

  /** {@code body} is a 400 with exactly {@code message} from /mutate and from /validate. */
  private void assertBadRequestOnBothWebhooks(String body, String message) {
    for (String path : new String[] {"/mutate", "/validate"}) {
      Response r = new WebhookCalls(base).post(path, body.getBytes(StandardCharsets.UTF_8));

      assertThat(r.statusCode()).as(path).isEqualTo(400);
      assertThat(r.asString()).as(path).isEqualTo(message);
    }
  }
}
