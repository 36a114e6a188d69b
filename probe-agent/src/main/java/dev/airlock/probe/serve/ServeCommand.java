package dev.airlock.probe.serve;

import dev.airlock.probe.ExitCodes;
import dev.airlock.probe.config.ProbeConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

/**
 * {@code serve}: the exporter. Runs a probe round at start-up and then every {@code
 * airlock.probe.interval} (a programmatic Quarkus scheduler job, so the one-shot commands never
 * schedule anything), and serves {@code /q/metrics} until the process is stopped.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Runs the egress and mirror probes periodically and serves /q/metrics.")
public class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger(ServeCommand.class);
  static final String JOB = "airlock-probe-round";

  private final Scheduler scheduler;
  private final ProbeRound round;
  private final ProbeConfig config;

  public ServeCommand(Scheduler scheduler, ProbeRound round, ProbeConfig config) {
    this.scheduler = scheduler;
    this.round = round;
    this.config = config;
  }

  @Override
  public Integer call() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class);
    LOG.infof("serving /q/metrics on port %d; probing every %s", port, config.interval());
    scheduler
        .newJob(JOB)
        .setInterval(config.interval().toString())
        .setConcurrentExecution(ConcurrentExecution.SKIP)
        .setTask(execution -> round.run())
        .schedule();
    Quarkus.waitForExit();
    return ExitCodes.OK;
  }
}
