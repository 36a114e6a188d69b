package dev.airlock.probe.egress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Renders a probe run: one line per target, or one JSON document. */
public final class EgressReport {
  private final List<EgressResult> results;

  public EgressReport(List<EgressResult> results) {
    this.results = List.copyOf(results);
  }

  public boolean leak() {
    return results.stream().anyMatch(EgressResult::leak);
  }

  /** {@code <target> <result>[ via proxy <proxy>]}, one line per target, in input order. */
  public List<String> lines() {
    return results.stream()
        .map(
            r ->
                r.target().configured()
                    + " "
                    + r.outcome().describe()
                    + r.proxy().map(p -> " via proxy " + display(p)).orElse(""))
        .toList();
  }

  /** The JSON document of {@code --output json}. */
  public String json(ObjectMapper mapper) throws JsonProcessingException {
    List<TargetJson> targets =
        results.stream()
            .map(
                r ->
                    new TargetJson(
                        r.target().configured(),
                        r.target().probeUrl().toString(),
                        r.outcome().describe(),
                        r.leak(),
                        r.outcome().kind().label(),
                        r.outcome().detail(),
                        r.proxy().map(EgressReport::display).orElse(null)))
            .toList();
    return mapper.writeValueAsString(new ReportJson(leak(), targets));
  }

  /** The proxy without credentials. */
  private static String display(URI proxy) {
    return proxy.getScheme()
        + "://"
        + proxy.getHost()
        + Optional.of(proxy.getPort()).filter(p -> p >= 0).map(p -> ":" + p).orElse("");
  }

  /** {@code {"leak": …, "targets": […]}}. */
  @RegisterForReflection
  public record ReportJson(boolean leak, List<TargetJson> targets) {}

  /**
   * One target: {@code result} is the text of the line, {@code outcome} the closed outcome name (as
   * in the metrics' {@code outcome} label), {@code proxy} null when direct.
   */
  @RegisterForReflection
  public record TargetJson(
      String target,
      String url,
      String result,
      boolean leak,
      String outcome,
      String detail,
      String proxy) {}
}
