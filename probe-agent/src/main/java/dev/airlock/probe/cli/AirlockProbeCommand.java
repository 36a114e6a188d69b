package dev.airlock.probe.cli;

import dev.airlock.probe.lint.LintNodeCommand;
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
    subcommands = {EgressCommand.class, ServeCommand.class, LintNodeCommand.class},
    description = "Air-gap egress probe, mirror exporter and operator commands.")
public class AirlockProbeCommand {}
