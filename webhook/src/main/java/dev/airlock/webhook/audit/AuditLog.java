package dev.airlock.webhook.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.webhook.admission.AdmissionRequest;
import dev.airlock.webhook.admission.ImageOutcome;
import dev.airlock.webhook.admission.ImageOutcome.Allowed;
import dev.airlock.webhook.admission.ImageOutcome.Denied;
import dev.airlock.webhook.admission.ImageOutcome.Failed;
import dev.airlock.webhook.admission.ReviewResult;
import dev.airlock.webhook.admission.SiteOutcome;
import dev.airlock.webhook.admission.Webhook;
import dev.airlock.webhook.policy.Mode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One JSON line per decision on the {@code airlock.audit} logger: per image of a review (or one
 * line for a review without images). Holds request identity, image, digest, rule, decision and
 * reason — never credentials or the object itself.
 */
@ApplicationScoped
public class AuditLog {
  private static final Logger LOG = Logger.getLogger("airlock.audit");

  private final ObjectMapper json;

  public AuditLog(ObjectMapper json) {
    this.json = json;
  }

  public void record(
      Webhook webhook, AdmissionRequest request, List<SiteOutcome> outcomes, ReviewResult result) {
    if (outcomes.isEmpty()) {
      ObjectNode line = base(webhook, request);
      line.put("decision", result.allowed() ? "allowed" : "denied");
      line.put("reason", result.reason().label());
      LOG.info(line.toString());
      return;
    }
    Set<String> seen = new HashSet<>();
    for (SiteOutcome so : outcomes) {
      if (!seen.add(String.valueOf(so.site().written()))) {
        continue;
      }
      ImageOutcome outcome = so.outcome();
      ObjectNode line = base(webhook, request);
      line.put("image", so.site().written());
      line.put("field", so.site().field());
      line.put("digest", digest(outcome));
      line.put("rule", outcome.rule().map(r -> r.name()).orElse(null));
      boolean audited = outcome.rule().map(r -> r.mode() == Mode.AUDIT).orElse(false);
      line.put("decision", outcome instanceof Allowed || audited ? "allowed" : "denied");
      line.put(
          "reason", audited && !(outcome instanceof Allowed) ? "audit" : outcome.reason().label());
      if (outcome instanceof Denied d) {
        line.put("cause", d.cause());
      } else if (outcome instanceof Failed f) {
        line.put("cause", f.cause());
      }
      LOG.info(line.toString());
    }
  }

  private ObjectNode base(Webhook webhook, AdmissionRequest request) {
    ObjectNode line = json.createObjectNode();
    line.put("webhook", webhook.label());
    line.put("uid", request.uid());
    line.put("operation", request.operation());
    line.put("namespace", request.namespace());
    line.put("kind", request.kind());
    line.put("name", request.name());
    line.put("user", request.user());
    line.put("dryRun", request.dryRun());
    return line;
  }

  private static String digest(ImageOutcome outcome) {
    if (outcome instanceof Allowed a) {
      return a.digest().map(Object::toString).orElse(null);
    }
    if (outcome instanceof Denied d) {
      return d.digest().map(Object::toString).orElse(null);
    }
    return ((Failed) outcome).digest().map(Object::toString).orElse(null);
  }
}
