package dev.airlock.oci.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * What a TLS client of airlock trusts, written once for the registry client ({@code hosts.toml}
 * {@code ca}) and the probes (mirror ping, egress): the JVM's default trust store plus extra PEM CA
 * files, which <em>add</em> to it and never replace it — as containerd appends {@code ca} to the
 * system pool (design.md "Trust").
 */
public final class TrustStores {
  private TrustStores() {}

  /** The JVM's default trust store only. */
  public static X509TrustManager jvmDefault() throws GeneralSecurityException {
    return x509(null);
  }

  /**
   * The JVM's default trust store plus every certificate of {@code caFiles}.
   *
   * @throws IOException when a file cannot be read
   * @throws GeneralSecurityException when a file holds no certificate or a broken one
   */
  public static X509TrustManager withExtraCaFiles(List<Path> caFiles)
      throws GeneralSecurityException, IOException {
    if (caFiles.isEmpty()) {
      return jvmDefault();
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int n = 0;
    for (X509Certificate ca : jvmDefault().getAcceptedIssuers()) {
      store.setCertificateEntry("jvm-" + n++, ca);
    }
    for (Path file : caFiles) {
      for (X509Certificate ca : readCertificates(file)) {
        store.setCertificateEntry("extra-" + n++, ca);
      }
    }
    return x509(store);
  }

  /**
   * Every certificate of a PEM file (other PEM objects, such as a key in the same bundle, are
   * skipped); a file without any is an error naming it.
   */
  public static List<X509Certificate> readCertificates(Path file)
      throws GeneralSecurityException, IOException {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    List<X509Certificate> out = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          out.add(converter.getCertificate(holder));
        }
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException(file + ": no certificate found");
    }
    return out;
  }

  private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager in the JVM's default provider");
  }
}
