package dev.airlock.probe.inventory;

import dev.airlock.oci.ref.ImageReference;
import dev.airlock.probe.ExitCodes;
import dev.airlock.probe.images.ImageList;
import dev.airlock.probe.images.ImageListException;
import dev.airlock.probe.resolve.MirrorAccess;
import dev.airlock.probe.resolve.MirrorSetupException;
import dev.airlock.probe.resolve.Resolution;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inventory FILE [--against OLD]}: the transfer manifest of FILE, one sorted {@code
 * name@sha256:…} line per image as resolved at the mirror; with {@code --against}, only the lines
 * not in OLD (new images, or a digest that changed, e.g. a tag re-pushed with new content). When
 * any image fails to resolve, nothing is printed on stdout (a partial manifest is a wrong one), the
 * failures go to stderr and the exit code is 1.
 */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    exitCodeOnExecutionException = 1,
    description = "Prints the digest inventory (transfer manifest) of the images in FILE.")
public class InventoryCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "One image per line; # comments.")
  Path file;

  @Option(
      names = "--against",
      paramLabel = "OLD",
      description = "A previous inventory: print only lines that are new or differ by digest.")
  Optional<Path> against;

  @Spec CommandSpec spec;

  private final MirrorAccess mirror;

  public InventoryCommand(MirrorAccess mirror) {
    this.mirror = mirror;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<ImageReference> images;
    Set<InventoryLine> old = Set.of();
    Inventory inventory;
    try {
      images = ImageList.read(file);
      if (against.isPresent()) {
        old = InventoryFile.read(against.get());
      }
      inventory = new Inventory(mirror.open());
    } catch (ImageListException | MirrorSetupException e) {
      err.println("inventory: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    Inventory.Result result = inventory.of(images);
    if (!result.failures().isEmpty()) {
      for (Resolution failure : result.failures()) {
        err.println("inventory: " + failure.image() + ": " + failure.status());
      }
      err.flush();
      return ExitCodes.FAILED;
    }
    SortedSet<InventoryLine> lines = against.isPresent() ? result.notIn(old) : result.lines();
    lines.forEach(line -> out.println(line));
    out.flush();
    return ExitCodes.OK;
  }
}
