package dev.airlock.webhook.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Calls the webhook over HTTPS and decodes its answers. */
public final class WebhookCalls {
  private final URL base;

  public WebhookCalls(URL base) {
    this.base = base;
  }

  /**
   * Calls to the origin of {@code url} only: a {@code @TestHTTPResource(management = true)} URL
   * ends in the management root path {@code /q/}, while tests name full paths ({@code /q/metrics}).
   */
  public static WebhookCalls origin(URL url) {
    try {
      return new WebhookCalls(new URL(url.getProtocol(), url.getHost(), url.getPort(), "/"));
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public Response post(String path, byte[] body) {
    return given()
        .relaxedHTTPSValidation()
        .contentType("application/json")
        .body(body)
        .post(base.toString().replaceAll("/$", "") + path);
  }

  public Response get(String path) {
    return given().relaxedHTTPSValidation().get(base.toString().replaceAll("/$", "") + path);
  }

  /** POSTs and returns {@code response} of the AdmissionReview answer (HTTP 200 required). */
  public JsonNode review(String path, JsonNode review) {
    Response r = post(path, Reviews.bytes(review));
    if (r.statusCode() != 200) {
      throw new AssertionError("HTTP " + r.statusCode() + ": " + r.asString());
    }
    try {
      JsonNode answer = Reviews.JSON.readTree(r.asByteArray());
      return answer.get("response");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The decoded JSON patch of a response, as "path=value" strings. */
  public static List<String> patch(JsonNode response) {
    List<String> ops = new ArrayList<>();
    if (!response.has("patch")) {
      return ops;
    }
    try {
      JsonNode patch =
          Reviews.JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText()));
      for (JsonNode op : patch) {
        ops.add(
            op.get("op").asText() + " " + op.get("path").asText() + "=" + op.get("value").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ops;
  }

  public static List<String> warnings(JsonNode response) {
    List<String> warnings = new ArrayList<>();
    response.path("warnings").forEach(w -> warnings.add(w.asText()));
    return warnings;
  }
}
