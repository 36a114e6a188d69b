package dev.airlock.probe.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.probe.report.TextTable;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link LintReport} as a table plus a summary line, or as JSON. */
final class LintOutput {
  private LintOutput() {}

  static List<String> table(LintReport report) {
    List<String> lines = new ArrayList<>();
    if (!report.findings().isEmpty()) {
      TextTable table = new TextTable("SEVERITY", "CHECK", "FILE", "MESSAGE");
      for (Finding f : report.findings()) {
        table.row(f.severity().name(), f.check().id(), f.file(), f.message());
      }
      lines.addAll(table.lines());
    }
    lines.add(summary(report));
    return lines;
  }

  /** {@code 1 error, 2 warnings; hosts checked: docker.io, quay.io}. */
  static String summary(LintReport report) {
    long errors = report.count(Severity.error);
    long warnings = report.count(Severity.warning);
    return errors
        + (errors == 1 ? " error, " : " errors, ")
        + warnings
        + (warnings == 1 ? " warning" : " warnings")
        + "; hosts checked: "
        + (report.hosts().isEmpty() ? "none" : String.join(", ", report.hosts()));
  }

  static String json(ObjectMapper mapper, LintReport report) {
    ObjectNode root = mapper.createObjectNode();
    root.put("errors", report.count(Severity.error));
    root.put("warnings", report.count(Severity.warning));
    ArrayNode hosts = root.putArray("hosts");
    report.hosts().forEach(hosts::add);
    ArrayNode findings = root.putArray("findings");
    for (Finding f : report.findings()) {
      findings
          .addObject()
          .put("severity", f.severity().name())
          .put("check", f.check().id())
          .put("file", f.file())
          .put("message", f.message());
    }
    return root.toString();
  }
}
