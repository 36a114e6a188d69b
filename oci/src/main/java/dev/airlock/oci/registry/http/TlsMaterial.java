package dev.airlock.oci.registry.http;

import dev.airlock.oci.mirror.ClientCertificate;
import dev.airlock.oci.tls.TrustStores;
import java.io.IOException;
import java.io.Reader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Builds an SSLContext from hosts.toml TLS settings, as containerd does ({@code
 * core/remotes/docker/config/hosts.go}): {@code ca} files are <em>added</em> to the default trust
 * (containerd appends them to the system pool; here the JVM's default trust store), {@code client}
 * certificate/key PEM pairs are offered for mutual TLS, and {@code skip_verify = true} disables
 * certificate and host name verification entirely (Go's {@code InsecureSkipVerify}), exactly as on
 * the node, so airlock sees what the node sees; integrity then rests on content digests and
 * signatures, and {@code lint-node} reports such hosts.
 */
final class TlsMaterial {
  private TlsMaterial() {}

  static SSLContext context(
      List<Path> caFiles, List<ClientCertificate> clientCertificates, boolean skipVerify)
      throws GeneralSecurityException, IOException {
    SSLContext context = SSLContext.getInstance("TLS");
    TrustManager[] trust =
        skipVerify ? new TrustManager[] {new TrustEverything()} : trustManagers(caFiles);
    context.init(keyManagers(clientCertificates), trust, null);
    return context;
  }

  private static TrustManager[] trustManagers(List<Path> caFiles)
      throws GeneralSecurityException, IOException {
    return new TrustManager[] {TrustStores.withExtraCaFiles(caFiles)};
  }

  private static KeyManager[] keyManagers(List<ClientCertificate> clients)
      throws GeneralSecurityException, IOException {
    if (clients.isEmpty()) {
      return null;
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] none = new char[0];
    int n = 0;
    for (ClientCertificate client : clients) {
      List<X509Certificate> chain = TrustStores.readCertificates(client.certificate());
      Path keyFile = client.key().orElse(client.certificate());
      store.setKeyEntry(
          "client-" + n++, privateKey(keyFile), none, chain.toArray(new Certificate[0]));
    }
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, none);
    return factory.getKeyManagers();
  }

  /** The first private key in a PEM file: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted. */
  private static PrivateKey privateKey(Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    }
    throw new IOException(file + " holds no unencrypted private key");
  }

  /** {@code skip_verify = true}: accepts any server certificate for any host name. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
