package dev.airlock.webhook.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes one JSON line per decision to the {@code airlock.audit} logger (no log prefix; the lines
 * are what an auditor collects). What the lines say is decided by the admission path ({@link
 * AuditLine}).
 */
@ApplicationScoped
public class AuditLog {
  private static final Logger LOG = Logger.getLogger("airlock.audit");

  private final ObjectMapper json;

  public AuditLog(ObjectMapper json) {
    this.json = json;
  }

  public void record(List<AuditLine> lines) {
    for (AuditLine line : lines) {
      LOG.info(render(line));
    }
  }

  /** The JSON line written for {@code line}. */
  public String render(AuditLine line) {
    AuditLine.Request request = line.request();
    ObjectNode out = json.createObjectNode();
    out.put("webhook", request.webhook());
    out.put("uid", request.uid());
    out.put("operation", request.operation());
    out.put("namespace", request.namespace());
    out.put("kind", request.kind());
    out.put("name", request.name());
    out.put("user", request.user());
    out.put("dryRun", request.dryRun());
    line.image()
        .ifPresent(
            image -> {
              out.put("image", image.written());
              out.put("field", image.field());
              out.put("digest", image.digest().orElse(null));
              out.put("rule", image.rule().orElse(null));
            });
    out.put("decision", line.allowed() ? "allowed" : "denied");
    out.put("reason", line.reason());
    line.cause().ifPresent(cause -> out.put("cause", cause));
    return out.toString();
  }
}
