package dev.airlock.probe.egress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.tls.TrustStores;
import dev.airlock.probe.DurationConverter;
import dev.airlock.probe.ExitCodes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code egress}: one egress-bypass probe run (CronJob mode). */
@Command(
    name = "egress",
    mixinStandardHelpOptions = true,
    description = {
      "Probes public registries at <target>/v2/; each must be unreachable.",
      "Exit 0: nothing reachable; 2: a leak; 1: bad usage."
    })
public class EgressCommand implements Callable<Integer> {

  /** Output formats. */
  enum Output {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--target",
      paramLabel = "URL",
      description = "Target base URL (repeatable); default: the public registries.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--timeout",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Per-target timeout (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = "PEM CA certificates to trust in addition to the JVM's trust store.")
  Path caFile;

  @Option(
      names = "--output",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Output output;

  private final ObjectMapper mapper;

  @Inject
  public EgressCommand(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public Integer call() throws Exception {
    List<EgressTarget> parsed = new ArrayList<>();
    for (String target : targets.isEmpty() ? EgressTarget.DEFAULTS : targets) {
      try {
        parsed.add(EgressTarget.parse(target));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--target: " + e.getMessage());
      }
    }
    X509TrustManager trust = trust();
    ProxySettings proxies;
    try {
      proxies = ProxySettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    EgressReport report;
    try (EgressProber prober = new EgressProber(trust, proxies, timeout)) {
      report = new EgressReport(prober.probeAll(parsed));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.json) {
      out.println(report.json(mapper));
    } else {
      report.lines().forEach(out::println);
    }
    out.flush();
    return report.leak() ? ExitCodes.LEAK : ExitCodes.OK;
  }

  private X509TrustManager trust() {
    try {
      return caFile == null
          ? TrustStores.jvmDefault()
          : TrustStores.withExtraCaFiles(List.of(caFile));
    } catch (IOException | GeneralSecurityException e) {
      throw new ParameterException(spec.commandLine(), "--ca-file: " + e.getMessage());
    }
  }
}
