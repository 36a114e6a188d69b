package dev.airlock.probe.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.FaultServer;
import dev.airlock.oci.testing.TestPki;
import dev.airlock.oci.tls.TrustStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorPingTest {
  @TempDir Path tmp;

  @Test
  void ping_registryAnswering401_isUpWithCertificateExpiry() throws Exception {
    TestPki pki = TestPki.create(tmp);
    try (FaultServer mirror = FaultServer.https(pki)) {
      mirror.on("GET", "/v2/", FaultServer.respond(401, Map.of(), new byte[0]));

      MirrorPing.Result result = ping(pki, mirror.origin() + "/v2/dockerhub");

      assertThat(result.up()).isTrue();
      assertThat(result.certificateExpiry()).contains(servedNotAfter(pki));
      assertThat(mirror.hits("GET", "/v2/")).isEqualTo(1);
    }
  }

  @Test
  void ping_registryAnswering503_isDown() throws Exception {
    TestPki pki = TestPki.create(tmp);
    try (FaultServer mirror = FaultServer.https(pki)) {
      mirror.on("GET", "/v2/", FaultServer.respond(503, Map.of(), new byte[0]));

      MirrorPing.Result result = ping(pki, mirror.origin().toString());

      assertThat(result.up()).isFalse();
      assertThat(result.outcome().describe()).isEqualTo("LEAK (http 503)");
    }
  }

  @Test
  void ping_untrustedCertificate_isDownButReportsExpiry() throws Exception {
    TestPki pki = TestPki.create(tmp);
    try (FaultServer mirror = FaultServer.https(pki)) {
      MirrorPing.Result result =
          MirrorPing.ping(
              mirror.origin().toString(), TrustStores.jvmDefault(), Duration.ofSeconds(5));

      assertThat(result.up()).isFalse();
      assertThat(result.outcome().detail()).isEqualTo("untrusted certificate");
      assertThat(result.certificateExpiry()).contains(servedNotAfter(pki));
    }
  }

  private static MirrorPing.Result ping(TestPki pki, String mirror) throws Exception {
    X509TrustManager trust = TrustStores.withExtraCaFiles(List.of(pki.caFile()));
    return MirrorPing.ping(mirror, trust, Duration.ofSeconds(5));
  }

  /** FaultServer presents {@code pki.serverCert("fault")}, written as {@code fault.crt}. */
  private static Instant servedNotAfter(TestPki pki) throws Exception {
    Path cert = pki.caFile().resolveSibling("fault.crt");
    return TrustStores.readCertificates(cert).get(0).getNotAfter().toInstant();
  }
}
