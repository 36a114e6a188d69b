package dev.airlock.probe.preflight;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.ref.ImageReference;
import dev.airlock.probe.ExitCodes;
import dev.airlock.probe.images.ImageList;
import dev.airlock.probe.images.ImageListException;
import dev.airlock.probe.report.OutputOption;
import dev.airlock.probe.resolve.Concurrently;
import dev.airlock.probe.resolve.MirrorAccess;
import dev.airlock.probe.resolve.MirrorSetupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code preflight FILE [--platforms P,...] [--output json]}: every image of an upgrade's list must
 * be pullable through the mirror. Exit 0 when all are, 1 on any miss or usage error.
 */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    exitCodeOnExecutionException = 1,
    description = "Checks that every image in FILE resolves through the mirror.")
public class PreflightCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "One image per line; # comments.")
  Path file;

  @Option(
      names = "--platforms",
      split = ",",
      paramLabel = "P",
      description = "Platforms whose manifests and blobs must exist, e.g. linux/amd64,linux/arm64.")
  List<String> platforms = new ArrayList<>();

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  private final MirrorAccess mirror;
  private final ObjectMapper mapper;

  public PreflightCommand(MirrorAccess mirror, ObjectMapper mapper) {
    this.mirror = mirror;
    this.mapper = mapper;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Platform> wanted = new ArrayList<>();
    try {
      for (String platform : platforms) {
        wanted.add(Platform.parse(platform));
      }
    } catch (IllegalArgumentException e) {
      err.println("preflight: --platforms: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    List<ImageReference> images;
    PreflightCheck check;
    try {
      images = ImageList.read(file);
      check = new PreflightCheck(mirror.open());
    } catch (ImageListException | MirrorSetupException e) {
      err.println("preflight: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    List<PreflightResult> results = Concurrently.map(images, image -> check.check(image, wanted));
    if (output.json()) {
      out.println(PreflightOutput.json(mapper, results));
    } else {
      PreflightOutput.table(results).forEach(out::println);
    }
    out.flush();
    return results.stream().allMatch(r -> r.status() == PreflightResult.Status.ok)
        ? ExitCodes.OK
        : ExitCodes.FAILED;
  }
}
