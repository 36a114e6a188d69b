package dev.airlock.webhook.admission;

import dev.airlock.oci.registry.Deadline;
import dev.airlock.webhook.config.AdmissionConfig;
import dev.airlock.webhook.metrics.WebhookMetrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * {@code POST /mutate} and {@code POST /validate} (AdmissionReview admission.k8s.io/v1). Thin:
 * decode → {@link AdmissionService} → encode. Runs on a worker thread, never the event loop. Bodies
 * over 4 MiB are refused with 413 by {@code quarkus.http.limits.max-body-size}.
 */
@Path("/")
public class AdmissionResource {
  private final AdmissionReviewDecoder decoder;
  private final AdmissionService service;
  private final AdmissionReviewEncoder encoder;
  private final AdmissionConfig config;
  private final WebhookMetrics metrics;

  public AdmissionResource(
      AdmissionReviewDecoder decoder,
      AdmissionService service,
      AdmissionReviewEncoder encoder,
      AdmissionConfig config,
      WebhookMetrics metrics) {
    this.decoder = decoder;
    this.service = service;
    this.encoder = encoder;
    this.config = config;
    this.metrics = metrics;
  }

  @POST
  @Path("mutate")
  @Blocking
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response mutate(byte[] body, @QueryParam("timeout") String timeout) {
    return answer(Webhook.MUTATE, body, timeout);
  }

  @POST
  @Path("validate")
  @Blocking
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response validate(byte[] body, @QueryParam("timeout") String timeout) {
    return answer(Webhook.VALIDATE, body, timeout);
  }

  private Response answer(Webhook webhook, byte[] body, String timeout) {
    Timer.Sample sample = Timer.start();
    try {
      Duration budget =
          AdmissionTimeout.budget(timeout, config.defaultTimeout(), config.deadlineMargin());
      Deadline deadline = Deadline.after(budget);
      AdmissionRequest request = decoder.decode(body);
      ReviewResult result = service.review(webhook, request, deadline);
      return Response.ok(encoder.encode(request.uid(), result), MediaType.APPLICATION_JSON).build();
    } catch (BadReviewException e) {
      metrics.review(webhook.label(), false, Reason.BAD_REQUEST.label());
      return Response.status(Response.Status.BAD_REQUEST)
          .type(MediaType.TEXT_PLAIN)
          .entity(e.getMessage())
          .build();
    } finally {
      sample.stop(metrics.admissionTimer(webhook.label()));
    }
  }
}
