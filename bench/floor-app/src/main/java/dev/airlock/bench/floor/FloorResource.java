package dev.airlock.bench.floor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /mutate} as the webhook's resource is declared (worker thread, {@code byte[]} body),
 * doing only what no admission webhook can skip: parse the body to a JSON tree and answer an
 * allowed AdmissionReview for its {@code uid}. The bench's warm-path floor.
 */
@Path("/")
public class FloorResource {
  private final ObjectMapper json;

  public FloorResource(ObjectMapper json) {
    this.json = json;
  }

  @POST
  @Path("mutate")
  @Blocking
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response mutate(byte[] body) {
    try {
      JsonNode review = json.readTree(body);
      String uid = review.path("request").path("uid").asText();
      byte[] answer =
          ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
                  + "\"response\":{\"uid\":"
                  + json.writeValueAsString(uid)
                  + ",\"allowed\":true}}")
              .getBytes(StandardCharsets.UTF_8);
      return Response.ok(answer, MediaType.APPLICATION_JSON).build();
    } catch (IOException e) {
      return Response.status(Response.Status.BAD_REQUEST).entity("invalid JSON").build();
    }
  }
}
