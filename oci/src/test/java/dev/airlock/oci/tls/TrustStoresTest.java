package dev.airlock.oci.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoresTest {
  @TempDir Path tmp;

  @Test
  void withExtraCaFiles_addsToTheJvmTrustStore() throws Exception {
    TestPki pki = TestPki.create(tmp);
    List<X509Certificate> jvm = List.of(TrustStores.jvmDefault().getAcceptedIssuers());

    List<X509Certificate> trusted =
        List.of(TrustStores.withExtraCaFiles(List.of(pki.caFile())).getAcceptedIssuers());

    assertThat(jvm).isNotEmpty();
    assertThat(trusted).containsAll(jvm).contains(pki.caCertificate()).hasSize(jvm.size() + 1);
  }

  @Test
  void withExtraCaFiles_fileWithoutCertificate_throwsNamingIt() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "");

    assertThatThrownBy(() -> TrustStores.withExtraCaFiles(List.of(empty)))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage(empty + ": no certificate found");
  }
}
