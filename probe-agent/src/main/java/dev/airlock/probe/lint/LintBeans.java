package dev.airlock.probe.lint;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI wiring of the node lint. */
public class LintBeans {

  @Produces
  @Singleton
  NodeLinter nodeLinter() {
    return new NodeLinter(Clock.systemUTC());
  }
}
