package dev.airlock.probe.cli;

import dev.airlock.probe.lint.LintNodeCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** Top-level command of the probe agent; the subcommands are the operator verbs. */
@TopCommand
@Command(
    name = "airlock-probe",
    mixinStandardHelpOptions = true,
    subcommands = {LintNodeCommand.class},
    description = "Air-gap egress probe, mirror exporter and operator commands.")
public class AirlockProbeCommand {}
