package dev.airlock.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.webhook.testing.WebhookCalls;
import dev.airlock.webhook.testing.WebhookTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(WebhookTestResource.class)
class BadRequestTest {
  @TestHTTPResource(value = "/", tls = true)
  URL base;

  private static HttpClient insecureClient() throws Exception {
    TrustManager[] trustAll = {
      new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustAll, null);
    return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
  }

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
    for (String path : new String[] {"/mutate", "/validate"}) {
      Response r = new WebhookCalls(base).post(path, body.getBytes(StandardCharsets.UTF_8));

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.asString()).isEqualTo(message);
    }
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
    for (String path : new String[] {"/mutate", "/validate"}) {
      Response r = new WebhookCalls(base).post(path, body.getBytes(StandardCharsets.UTF_8));

      assertThat(r.statusCode()).as(path).isEqualTo(400);
      assertThat(r.asString()).isEqualTo(message);
    }
  }

  @Test
  void post_badTimeout_400() {
    Response r = new WebhookCalls(base).post("/mutate?timeout=soon", "{}".getBytes());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.asString()).isEqualTo("invalid timeout \"soon\": want a duration like 10s");
  }

  @Test
  void post_bodyOver4MiB_413() throws Exception {
    byte[] body = new byte[4 * 1024 * 1024 + 1];
    Arrays.fill(body, (byte) ' ');
    // Expect: 100-continue lets the server refuse by Content-Length before the body is sent
    // (without it the server answers 413 and closes while the client is still writing).
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + "/mutate"))
            .expectContinue(true)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();

    HttpResponse<String> r = insecureClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(413);
  }
}
