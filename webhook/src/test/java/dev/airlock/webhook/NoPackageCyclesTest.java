package dev.airlock.webhook;

import dev.airlock.oci.testing.PackageGraph;
import org.junit.jupiter.api.Test;

/** The packages of this module import each other in no loop (issue 13). */
class NoPackageCyclesTest {
  @Test
  void packages_formNoCycle() {
    PackageGraph.assertNoCycles("dev.airlock.webhook");
  }
}
