package dev.airlock.probe.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.oci.ref.InvalidReferenceException;
import dev.airlock.probe.ExitCodes;
import dev.airlock.probe.report.OutputOption;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lint-node --root DIR [--require HOST,...] [--output json]}: exit 1 on errors only. */
@Command(
    name = "lint-node",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    exitCodeOnExecutionException = 1,
    description = "Checks the containerd registry configuration of a node root filesystem.")
public class LintNodeCommand implements Callable<Integer> {

  @Option(
      names = "--root",
      required = true,
      paramLabel = "DIR",
      description = "The node's root filesystem; paths inside its files resolve under DIR.")
  Path root;

  @Option(
      names = "--require",
      split = ",",
      paramLabel = "HOST",
      description = "Upstream registries that must be mirrored, besides the certs.d directories.")
  List<String> require = new ArrayList<>();

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  private final NodeLinter linter;
  private final ObjectMapper mapper;

  public LintNodeCommand(NodeLinter linter, ObjectMapper mapper) {
    this.linter = linter;
    this.mapper = mapper;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(root)) {
      err.println("lint-node: --root " + root + ": not a directory");
      return ExitCodes.FAILED;
    }
    Set<String> required = new LinkedHashSet<>();
    for (String host : require) {
      try {
        required.add(registryHost(host));
      } catch (InvalidReferenceException e) {
        err.println("lint-node: --require " + host + ": not a registry host");
        return ExitCodes.FAILED;
      }
    }
    LintReport report = linter.lint(root, required);
    if (output.json()) {
      out.println(LintOutput.json(mapper, report));
    } else {
      LintOutput.table(report).forEach(out::println);
    }
    out.flush();
    return report.hasErrors() ? ExitCodes.FAILED : ExitCodes.OK;
  }

  /** {@code HOST} as an image's registry ({@code index.docker.io} becomes {@code docker.io}). */
  static String registryHost(String host) throws InvalidReferenceException {
    ImageReference probe = ImageReference.parse(host + "/airlock-probe");
    boolean isHost =
        probe.registry().equals(host)
            || probe.registry().equals(ImageReference.DOCKER_HUB) && host.endsWith("docker.io");
    if (!isHost) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Part.DOMAIN, host, "not a registry host");
    }
    return probe.registry();
  }
}
