package dev.airlock.oci.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for tests: one CA (EC P-256) created by the test, and certificates it issues,
 * each written as PEM files ({@code <name>.crt}, {@code <name>.key} in PKCS#8) under a directory.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(tempDir);
 * TestPki.Issued server = pki.serverCert("registry");          // SANs 127.0.0.1, localhost
 * TestPki.Issued client = pki.clientCert("webhook");           // clientAuth EKU
 * TestPki.Issued expired = pki.serverCert("old", Instant.now().minus(2, DAYS), Instant.now().minus(1, DAYS));
 * SSLContext trustCa = pki.clientContext();                    // trusts only this CA
 * }</pre>
 *
 * <p>Other CAs can be made with another {@code create} call to test "unknown CA" failures.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final String name;
  private final KeyPair caKeys;
  private final X509Certificate caCert;
  private final Path caFile;

  private TestPki(Path dir, String name, KeyPair caKeys, X509Certificate caCert, Path caFile) {
    this.dir = dir;
    this.name = name;
    this.caKeys = caKeys;
    this.caCert = caCert;
    this.caFile = caFile;
  }

  /** A certificate and its key, with the PEM files they were written to. */
  public record Issued(
      X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile, TestPki issuer) {
    public Instant notAfter() {
      return certificate.getNotAfter().toInstant();
    }

    /** A server-side (or client-side, for mTLS) SSLContext presenting this certificate. */
    public SSLContext keyContext(boolean trustIssuer) {
      return issuer.context(this, trustIssuer);
    }
  }

  /**
   * A CA named "airlock test CA" valid from one hour ago for one day, written to {@code ca.crt}.
   */
  public static TestPki create(Path dir) {
    return create(dir, "ca");
  }

  /** A CA whose files are {@code <name>.crt}/{@code <name>.key} in {@code dir}. */
  public static TestPki create(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      KeyPair keys = ecKeys();
      X500Name subject = new X500Name("CN=airlock test CA " + name);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              subject,
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate cert = sign(builder, keys.getPrivate());
      Path caFile = dir.resolve(name + ".crt");
      Files.writeString(caFile, pem(cert));
      Files.writeString(dir.resolve(name + ".key"), pem(keys.getPrivate()));
      return new TestPki(dir, name, keys, cert, caFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create test CA", e);
    }
  }

  /** The CA certificate PEM file (for {@code ca = ...} in hosts.toml, {@code rootcertbundle}). */
  public Path caFile() {
    return caFile;
  }

  public X509Certificate caCertificate() {
    return caCert;
  }

  /** A server certificate for 127.0.0.1 and localhost, valid like the CA. */
  public Issued serverCert(String name) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return serverCert(name, now.minus(Duration.ofMinutes(30)), now.plus(Duration.ofHours(12)));
  }

  /** A server certificate for 127.0.0.1 and localhost with the given validity (may be expired). */
  public Issued serverCert(String name, Instant notBefore, Instant notAfter) {
    return issue(name, notBefore, notAfter, KeyPurposeId.id_kp_serverAuth, true);
  }

  /** A client certificate (clientAuth) with CN {@code name}. */
  public Issued clientCert(String name) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return issue(
        name,
        now.minus(Duration.ofMinutes(30)),
        now.plus(Duration.ofHours(12)),
        KeyPurposeId.id_kp_clientAuth,
        false);
  }

  /** A certificate without extended key usage, e.g. for signing registry tokens ({@code x5c}). */
  public Issued signingCert(String name) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return issue(
        name, now.minus(Duration.ofMinutes(30)), now.plus(Duration.ofHours(12)), null, false);
  }

  /** An SSLContext that trusts only this CA and presents no certificate. */
  public SSLContext clientContext() {
    return context(null, true);
  }

  private Issued issue(
      String certName, Instant notBefore, Instant notAfter, KeyPurposeId purpose, boolean sans) {
    try {
      KeyPair keys = ecKeys();
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              caCert,
              serial(),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name("CN=" + certName),
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
      if (purpose != null) {
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (sans) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                  new GeneralName(GeneralName.dNSName, "localhost")
                }));
      }
      X509Certificate cert = sign(builder, caKeys.getPrivate());
      Path certFile = dir.resolve(certName + ".crt");
      Path keyFile = dir.resolve(certName + ".key");
      Files.writeString(certFile, pem(cert));
      Files.writeString(keyFile, pem(keys.getPrivate()));
      return new Issued(cert, keys.getPrivate(), certFile, keyFile, this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue " + certName, e);
    }
  }

  /**
   * An SSLContext presenting {@code identity} (issued by any TestPki; null for none) and, when
   * {@code trustCa}, trusting only this CA (else the JDK default trust).
   */
  public SSLContext context(Issued identity, boolean trustCa) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      KeyManagerFactory kmf = null;
      if (identity != null) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
            "key",
            identity.key(),
            new char[0],
            new java.security.cert.Certificate[] {
              identity.certificate(), identity.issuer().caCertificate()
            });
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
      }
      TrustManagerFactory tmf = null;
      if (trustCa) {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry(name, caCert);
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
      }
      ctx.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return ctx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build SSLContext", e);
    }
  }

  /** PEM text of a certificate, key or other BouncyCastle-writable object. */
  public static String pem(Object object) {
    try (StringWriter out = new StringWriter();
        JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (object instanceof PrivateKey key) {
        writer.writeObject(new JcaPKCS8Generator(key, null));
      } else {
        writer.writeObject(object);
      }
      writer.flush();
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PEM text of several certificates (a bundle). */
  public static String pem(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    certificates.forEach(c -> out.append(pem((Object) c)));
    return out.toString();
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    return gen.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }
}
