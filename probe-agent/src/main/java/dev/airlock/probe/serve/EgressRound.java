package dev.airlock.probe.serve;

import dev.airlock.oci.tls.TrustStores;
import dev.airlock.probe.config.EgressConfig;
import dev.airlock.probe.egress.EgressProber;
import dev.airlock.probe.egress.EgressResult;
import dev.airlock.probe.egress.EgressTarget;
import dev.airlock.probe.egress.ProxySettings;
import dev.airlock.probe.metrics.EgressMetrics;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The egress probe of {@code serve}: the configured targets, parsed once; a target that does not
 * parse is logged at start-up and left out (the others still run).
 */
@Singleton
public class EgressRound {
  private static final Logger LOG = Logger.getLogger(EgressRound.class);

  private final EgressConfig config;
  private final EgressMetrics metrics;
  private final List<EgressTarget> targets = new ArrayList<>();
  private final ProxySettings proxies;

  public EgressRound(EgressConfig config, EgressMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    for (String target : config.targets()) {
      try {
        targets.add(EgressTarget.parse(target));
      } catch (IllegalArgumentException e) {
        LOG.errorf("airlock.probe.egress.targets: %s; not probed", e.getMessage());
      }
    }
    ProxySettings fromEnv;
    try {
      fromEnv = ProxySettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.errorf("%s; probing without the proxy", e.getMessage());
      fromEnv = ProxySettings.none();
    }
    this.proxies = fromEnv;
  }

  /** Probes every target once and records the results. */
  public void run() throws InterruptedException, GeneralSecurityException {
    List<EgressResult> results;
    try (EgressProber prober =
        new EgressProber(TrustStores.jvmDefault(), proxies, config.timeout())) {
      results = prober.probeAll(targets);
    }
    for (EgressResult result : results) {
      String line =
          result.target().configured()
              + " "
              + result.outcome().describe()
              + result.proxy().map(p -> " via proxy " + p.getHost() + ":" + p.getPort()).orElse("");
      if (result.leak()) {
        LOG.errorf("egress %s", line);
      } else {
        LOG.debugf("egress %s", line);
      }
    }
    metrics.record(results);
  }
}
