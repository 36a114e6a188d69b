package dev.airlock.probe.cli;

import dev.airlock.probe.ExitCodes;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;

/**
 * Entry point: records the command before Quarkus starts (see {@link ServeMode}), then runs the
 * picocli command line. Usage errors exit {@link ExitCodes#USAGE}.
 */
@QuarkusMain
public class ProbeMain implements QuarkusApplication {
  private final CommandLine commandLine;

  @Inject
  public ProbeMain(CommandLine commandLine) {
    this.commandLine = commandLine;
  }

  public static void main(String... args) {
    ServeMode.select(args);
    Quarkus.run(ProbeMain.class, args);
  }

  @Override
  public int run(String... args) {
    IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
    commandLine.setParameterExceptionHandler(
        (error, arguments) -> {
          usage.handleParseException(error, arguments);
          return ExitCodes.USAGE;
        });
    return commandLine.execute(args);
  }
}
