package dev.airlock.probe.inuse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.probe.ExitCodes;
import dev.airlock.probe.report.OutputOption;
import dev.airlock.probe.report.TextTable;
import dev.airlock.probe.resolve.MirrorAccess;
import dev.airlock.probe.resolve.MirrorResolver;
import dev.airlock.probe.resolve.MirrorSetupException;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code in-use [--output json]}: the images pods run that do not resolve at the mirror (the guard
 * before garbage-collecting N-1 from the mirror). Exit 0 when every image resolves, else 1.
 */
@Command(
    name = "in-use",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    exitCodeOnExecutionException = 1,
    description = "Lists images run by pods in the cluster that do not resolve at the mirror.")
public class InUseCommand implements Callable<Integer> {

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  private final PodLister pods;
  private final MirrorAccess mirror;
  private final ObjectMapper mapper;

  public InUseCommand(PodLister pods, MirrorAccess mirror, ObjectMapper mapper) {
    this.pods = pods;
    this.mirror = mirror;
    this.mapper = mapper;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MirrorResolver resolver;
    try {
      resolver = mirror.open();
    } catch (MirrorSetupException e) {
      err.println("in-use: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    List<Pod> all;
    try {
      all = pods.allPods();
    } catch (RuntimeException e) {
      err.println("in-use: cannot list pods: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    List<InUseImage> images = InUseScan.scan(all, resolver);
    List<InUseImage> failing = images.stream().filter(i -> !i.ok()).toList();
    if (output.json()) {
      out.println(json(images.size(), failing));
    } else {
      if (!failing.isEmpty()) {
        TextTable table = new TextTable("IMAGE", "MIRROR LOCATION", "STATUS", "PODS");
        for (InUseImage i : failing) {
          table.row(i.image(), i.mirrorLocation().orElse(null), i.status(), pods(i.pods()));
        }
        table.lines().forEach(out::println);
      }
      out.println(
          failing.size() + " of " + images.size() + " images in use do not resolve at the mirror");
    }
    out.flush();
    return failing.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** {@code ns/a} or {@code ns/a (+2 more)}. */
  private static String pods(List<String> pods) {
    return pods.size() == 1 ? pods.get(0) : pods.get(0) + " (+" + (pods.size() - 1) + " more)";
  }

  private String json(int total, List<InUseImage> failing) {
    ObjectNode root = mapper.createObjectNode();
    root.put("images", total);
    ArrayNode list = root.putArray("notResolving");
    for (InUseImage i : failing) {
      ObjectNode node =
          list.addObject()
              .put("image", i.image())
              .put("mirrorLocation", i.mirrorLocation().orElse(null))
              .put("status", i.status());
      ArrayNode users = node.putArray("pods");
      i.pods().forEach(users::add);
    }
    return root.toString();
  }
}
