package dev.airlock.probe.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a TLS client trusts: the JVM's default trust store plus extra PEM CA files. The
 * extra files add to the default store, never replace it (design.md "Trust").
 */
public final class TrustMaterial {
  private final X509TrustManager trustManager;

  private TrustMaterial(X509TrustManager trustManager) {
    this.trustManager = trustManager;
  }

  /** The JVM's default trust store only. */
  public static TrustMaterial jvmDefault() throws GeneralSecurityException {
    return new TrustMaterial(defaultTrustManager(null));
  }

  /**
   * The JVM's default trust store plus every certificate in {@code caFiles} (PEM, one or more
   * certificates each).
   *
   * @throws IOException when a file cannot be read
   * @throws GeneralSecurityException when a file holds no certificate or a broken one
   */
  public static TrustMaterial withExtraCaFiles(List<Path> caFiles)
      throws GeneralSecurityException, IOException {
    if (caFiles.isEmpty()) {
      return new TrustMaterial(defaultTrustManager(null));
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int n = 0;
    for (X509Certificate ca : defaultTrustManager(null).getAcceptedIssuers()) {
      store.setCertificateEntry("jvm-" + n++, ca);
    }
    for (Path file : caFiles) {
      for (X509Certificate ca : readCertificates(file)) {
        store.setCertificateEntry("extra-" + n++, ca);
      }
    }
    return new TrustMaterial(defaultTrustManager(store));
  }

  /** Reads every certificate of a PEM file; a file without any is an error. */
  public static List<X509Certificate> readCertificates(Path file)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    List<X509Certificate> result = new ArrayList<>();
    for (Certificate certificate : certificates) {
      result.add((X509Certificate) certificate);
    }
    if (result.isEmpty()) {
      throw new GeneralSecurityException(file + ": no certificate found");
    }
    return result;
  }

  public X509TrustManager trustManager() {
    return trustManager;
  }

  private static X509TrustManager defaultTrustManager(KeyStore store)
      throws GeneralSecurityException {
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
