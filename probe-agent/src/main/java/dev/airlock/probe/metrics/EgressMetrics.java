package dev.airlock.probe.metrics;

import dev.airlock.probe.egress.EgressResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The egress probe's series: leak per target, last run time, outcome counters. */
@Singleton
public class EgressMetrics {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, AtomicInteger> leaks = new ConcurrentHashMap<>();
  private final AtomicLong lastRunMillis = new AtomicLong();

  @Inject
  public EgressMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  EgressMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Records one round: every target's leak gauge and outcome counter, then the run time. */
  public void record(List<EgressResult> results) {
    for (EgressResult result : results) {
      String target = result.target().configured();
      leak(target).set(result.leak() ? 1 : 0);
      Counter.builder(ProbeMetricNames.EGRESS_PROBES)
          .description("Egress probes by target and outcome")
          .tag("target", target)
          .tag("outcome", result.outcome().kind().label())
          .register(registry)
          .increment();
    }
    if (lastRunMillis.getAndSet(clock.millis()) == 0) {
      Gauge.builder(
              ProbeMetricNames.EGRESS_LAST_RUN, lastRunMillis, millis -> millis.get() / 1000.0)
          .description("When the last egress probe round finished")
          .register(registry);
    }
  }

  private AtomicInteger leak(String target) {
    return leaks.computeIfAbsent(
        target,
        t -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder(ProbeMetricNames.EGRESS_LEAK, value, AtomicInteger::get)
              .description("1 when the last egress probe reached the target")
              .tag("target", t)
              .register(registry);
          return value;
        });
  }
}
