package dev.airlock.probe.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsLookupTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a.invalid|a.invalid: Name or service not known|blocked (dns: nxdomain)",
        "b.invalid|b.invalid: nodename nor servname provided, or not known|blocked (dns: nxdomain)",
        "c.invalid|Unable to resolve host c.invalid in hosts file /etc/test-hosts|blocked (dns: nxdomain)",
        "d.example|d.example: Temporary failure in name resolution"
            + "|blocked (dns: temporary failure in name resolution)",
        "e.example|e.example: No address associated with hostname"
            + "|blocked (dns: no address associated with hostname)",
        "f.example|f.example|blocked (dns: unknown host)",
      })
  void classify_resolverMessage_givesOutcome(String host, String message, String line) {
    assertThat(DnsLookup.classify(host, new UnknownHostException(message)).describe())
        .isEqualTo(line);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "g.invalid|g.invalid: Name or service not known",
        "h.invalid|Unable to resolve host h.invalid in hosts file /etc/test-hosts"
      })
  void classify_cachedFailureWithoutMessage_reusesLastError(String host, String message) {
    DnsLookup.classify(host, new UnknownHostException(message));

    assertThat(DnsLookup.classify(host, new UnknownHostException(host)).describe())
        .isEqualTo("blocked (dns: nxdomain)");
  }
}
