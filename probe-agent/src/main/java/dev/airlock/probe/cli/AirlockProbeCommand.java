package dev.airlock.probe.cli;

import dev.airlock.probe.egress.EgressCommand;
import dev.airlock.probe.inuse.InUseCommand;
import dev.airlock.probe.inventory.InventoryCommand;
import dev.airlock.probe.lint.LintNodeCommand;
import dev.airlock.probe.preflight.PreflightCommand;
import dev.airlock.probe.serve.ServeCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/**
 * Top-level command of the probe agent; the subcommands are the operator verbs. Without a
 * subcommand picocli reports "Missing required subcommand" (a usage error).
 */
@TopCommand
@Command(
    name = "airlock-probe",
    mixinStandardHelpOptions = true,
    subcommands = {
      EgressCommand.class,
      ServeCommand.class,
      PreflightCommand.class,
      InventoryCommand.class,
      LintNodeCommand.class,
      InUseCommand.class
    },
    description = "Air-gap egress probe, mirror exporter and operator commands.")
public class AirlockProbeCommand {}
