package dev.airlock.probe.preflight;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.airlock.probe.report.TextTable;
import java.util.List;

/** Renders preflight results: IMAGE, MIRROR LOCATION, DIGEST, STATUS; or a JSON array. */
final class PreflightOutput {
  private PreflightOutput() {}

  static List<String> table(List<PreflightResult> results) {
    TextTable table = new TextTable("IMAGE", "MIRROR LOCATION", "DIGEST", "STATUS");
    for (PreflightResult r : results) {
      table.row(
          r.image().toString(),
          r.mirrorLocation().orElse(null),
          r.digest().map(Object::toString).orElse(null),
          r.statusText());
    }
    return table.lines();
  }

  /** {@code [{"image","mirrorLocation","digest","status","detail"}]}, absent values null. */
  static String json(ObjectMapper mapper, List<PreflightResult> results) {
    ArrayNode array = mapper.createArrayNode();
    for (PreflightResult r : results) {
      array
          .addObject()
          .put("image", r.image().toString())
          .put("mirrorLocation", r.mirrorLocation().orElse(null))
          .put("digest", r.digest().map(Object::toString).orElse(null))
          .put("status", r.status().name())
          .put("detail", r.detail().orElse(null));
    }
    return array.toString();
  }
}
