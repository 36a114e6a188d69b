package dev.airlock.probe.lint;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A node root filesystem built in a temporary directory for lint tests (and serve's IT). */
public final class NodeTree {
  public static final String V2_CONFIG =
      """
      version = 2
      [plugins."io.containerd.grpc.v1.cri".registry]
        config_path = "/etc/containerd/certs.d"
      """;
  public static final String V3_CONFIG =
      """
      version = 3
      [plugins."io.containerd.cri.v1.images".registry]
        config_path = "/etc/containerd/certs.d"
      """;

  private final Path root;

  public NodeTree(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Writes {@code content} at the node path {@code nodePath} with mode 0600, owned by root. */
  public NodeTree file(String nodePath, String content) throws IOException {
    Path file = path(nodePath);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return this;
  }

  public NodeTree dir(String nodePath) throws IOException {
    Files.createDirectories(path(nodePath));
    return this;
  }

  NodeTree mode(String nodePath, String permissions) throws IOException {
    Files.setPosixFilePermissions(path(nodePath), PosixFilePermissions.fromString(permissions));
    return this;
  }

  NodeTree owner(String nodePath, int uid) throws IOException {
    Files.setAttribute(path(nodePath), "unix:uid", uid);
    return this;
  }

  /** A self-signed CA certificate valid from a year before {@code notAfter} until it. */
  public NodeTree ca(String nodePath, String commonName, Instant notAfter) throws Exception {
    return file(nodePath, pem(commonName, notAfter));
  }

  public Path path(String nodePath) {
    return root.resolve(nodePath.substring(1));
  }

  static String pem(String commonName, Instant notAfter) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(notAfter.minusSeconds(365L * 24 * 3600)),
            Date.from(notAfter),
            name,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return out.toString();
  }
}
