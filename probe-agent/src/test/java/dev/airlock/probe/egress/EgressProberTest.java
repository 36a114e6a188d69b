package dev.airlock.probe.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.FaultServer;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.oci.tls.TrustStores;
import dev.airlock.probe.testing.ConnectProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressProberTest {
  @TempDir Path tmp;

  @Test
  void probe_throughProxyThatTunnels_isLeakReportedViaProxy() throws Exception {
    TestPki pki = TestPki.create(tmp);
    try (FaultServer server = FaultServer.https(pki);
        ConnectProxy proxy = new ConnectProxy(true)) {
      server.on("GET", "/v2/", FaultServer.respond(401, Map.of(), new byte[0]));
      EgressTarget target = EgressTarget.parse(server.origin().toString());
      ProxySettings proxies =
          ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));

      EgressReport report = new EgressReport(probe(pki, proxies, target));

      assertThat(report.lines())
          .containsExactly(
              target.configured() + " LEAK (http 401) via proxy http://127.0.0.1:" + proxy.port());
      assertThat(proxy.requests()).containsExactly("CONNECT " + server.authority() + " HTTP/1.1");
    }
  }

  @Test
  void probe_throughProxyThatDenies_isBlockedByProxy() throws Exception {
    TestPki pki = TestPki.create(tmp);
    try (FaultServer server = FaultServer.https(pki);
        ConnectProxy proxy = new ConnectProxy(false)) {
      EgressTarget target = EgressTarget.parse(server.origin().toString());
      ProxySettings proxies =
          ProxySettings.fromEnvironment(
              Map.of("https_proxy", "127.0.0.1:" + proxy.port(), "HTTPS_PROXY", "ignored:1"));

      List<EgressResult> results = probe(pki, proxies, target);

      assertThat(new EgressReport(results).lines())
          .containsExactly(
              target.configured()
                  + " blocked (proxy: http 403) via proxy http://127.0.0.1:"
                  + proxy.port());
      assertThat(results.get(0).leak()).isFalse();
    }
  }

  @Test
  void probe_targetInNoProxy_goesDirect() throws Exception {
    TestPki pki = TestPki.create(tmp);
    try (FaultServer server = FaultServer.https(pki);
        ConnectProxy proxy = new ConnectProxy(false)) {
      server.on("GET", "/v2/", FaultServer.respond(200, Map.of(), new byte[0]));
      EgressTarget target = EgressTarget.parse(server.origin().toString());
      ProxySettings proxies =
          ProxySettings.fromEnvironment(
              Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port(), "NO_PROXY", "127.0.0.1"));

      assertThat(new EgressReport(probe(pki, proxies, target)).lines())
          .containsExactly(target.configured() + " LEAK (http 200)");
      assertThat(proxy.requests()).isEmpty();
    }
  }

  private static List<EgressResult> probe(TestPki pki, ProxySettings proxies, EgressTarget target)
      throws Exception {
    X509TrustManager trust = TrustStores.withExtraCaFiles(List.of(pki.caFile()));
    try (EgressProber prober = new EgressProber(trust, proxies, Duration.ofSeconds(5))) {
      return prober.probeAll(List.of(target));
    }
  }
}
