package dev.airlock.webhook.testing;

import dev.airlock.oci.ref.Digest;
import dev.sigstore.encryption.certificates.transparency.CertificateEntry;
import dev.sigstore.encryption.certificates.transparency.SignedCertificateTimestamp;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
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
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test-only Sigstore: a Fulcio-like CA, a CT log and a Rekor-like log, all local keys, with a
 * {@code trusted_root.json} naming them. It issues cosign v3 keyless bundles as cosign's sign
 * would: a leaf certificate with an embedded SCT, a DSSE envelope over the cosign sign statement, a
 * dsse 0.0.1 log entry with a signed entry timestamp, and an inclusion proof in a one-leaf tree
 * with a signed checkpoint.
 */
public final class FakeSigstore {
  public static final String ISSUER_OID = "1.3.6.1.4.1.57264.1.8";
  public static final String SCT_OID = "1.3.6.1.4.1.11129.2.4.2";
  public static final String REKOR_HOST = "rekor.airlock.test";

  public final KeyPair caKey = TestKeys.P256.generate();
  public final KeyPair ctKey = TestKeys.P256.generate();
  public final KeyPair rekorKey = TestKeys.P256.generate();
  public final X509Certificate ca;
  private long serial = 2;

  /** Shape of one bundle: who signs, when the log says it was signed, which CA issued. */
  public record Options(
      String subject,
      String issuer,
      Instant integratedTime,
      boolean tamperSet,
      KeyPair issuingCa) {}

  public FakeSigstore() {
    Instant now = Instant.now();
    ca =
        certificate(
            new JcaX509v3CertificateBuilder(
                new X500Name("CN=airlock test fulcio,O=airlock"),
                BigInteger.ONE,
                Date.from(now.minusSeconds(86400)),
                Date.from(now.plusSeconds(365 * 86400L)),
                new X500Name("CN=airlock test fulcio,O=airlock"),
                caKey.getPublic()),
            caKey.getPrivate(),
            true);
  }

  public Options defaults(String subject, String issuer) {
    return new Options(subject, issuer, Instant.now(), false, caKey);
  }

  /** Writes a trusted_root.json (protobuf-specs TrustedRoot, JSON form) into {@code dir}. */
  public Path writeTrustedRoot(Path dir) throws Exception {
    String start = Instant.now().minusSeconds(2 * 86400).toString();
    String json =
        "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
            + "\"tlogs\":["
            + log("https://" + REKOR_HOST, rekorKey, start)
            + "],\"certificateAuthorities\":[{\"subject\":{\"organization\":\"airlock\","
            + "\"commonName\":\"airlock test fulcio\"},\"uri\":\"https://fulcio.airlock.test\","
            + "\"certChain\":{\"certificates\":[{\"rawBytes\":\""
            + b64(ca.getEncoded())
            + "\"}]},\"validFor\":{\"start\":\""
            + start
            + "\"}}],\"ctlogs\":["
            + log("https://ctfe.airlock.test", ctKey, start)
            + "],\"timestampAuthorities\":[]}";
    Path file = dir.resolve("trusted_root.json");
    Files.writeString(file, json);
    return file;
  }

  private static String log(String url, KeyPair key, String start) throws Exception {
    return "{\"baseUrl\":\""
        + url
        + "\",\"hashAlgorithm\":\"SHA2_256\",\"publicKey\":{\"rawBytes\":\""
        + b64(key.getPublic().getEncoded())
        + "\",\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\",\"validFor\":{\"start\":\""
        + start
        + "\"}},\"logId\":{\"keyId\":\""
        + b64(sha256(key.getPublic().getEncoded()))
        + "\"}}";
  }

  /** A keyless cosign v3 bundle over {@code subject} with {@code predicateType}. */
  public byte[] bundle(Digest subject, String predicateType, Options o) throws Exception {
    KeyPair leafKey = TestKeys.P256.generate();
    X509Certificate leaf = leaf(leafKey, o);
    byte[] statement = CosignLayout.statement(subject, predicateType);
    byte[] signature = TestKeys.P256.sign(leafKey.getPrivate(), CosignLayout.pae(statement));
    String leafPem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(leaf.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    // rekor dsse 0.0.1 entry, canonical JSON (keys sorted, no spaces)
    byte[] body =
        ("{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"envelopeHash\":{\"algorithm\":"
                + "\"sha256\",\"value\":\""
                + hex(sha256(statement))
                + "\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\""
                + hex(sha256(statement))
                + "\"},\"signatures\":[{\"signature\":\""
                + b64(signature)
                + "\",\"verifier\":\""
                + b64(leafPem.getBytes(StandardCharsets.UTF_8))
                + "\"}]}}")
            .getBytes(StandardCharsets.UTF_8);
    long integrated = o.integratedTime().getEpochSecond();
    String logIdHex = hex(sha256(rekorKey.getPublic().getEncoded()));
    String signable =
        "{\"body\":\""
            + b64(body)
            + "\",\"integratedTime\":"
            + integrated
            + ",\"logID\":\""
            + logIdHex
            + "\",\"logIndex\":0}";
    byte[] set =
        TestKeys.P256.sign(rekorKey.getPrivate(), signable.getBytes(StandardCharsets.UTF_8));
    if (o.tamperSet()) {
      set = TestKeys.P256.sign(TestKeys.P256.generate().getPrivate(), signable.getBytes());
    }
    byte[] root = sha256(concat(new byte[] {0}, body)); // RFC 6962 leaf hash, tree of one
    String header = REKOR_HOST + " - 1\n1\n" + b64(root) + "\n";
    byte[] keyHint = java.util.Arrays.copyOf(sha256(rekorKey.getPublic().getEncoded()), 4);
    byte[] noteSig =
        TestKeys.P256.sign(rekorKey.getPrivate(), header.getBytes(StandardCharsets.UTF_8));
    String checkpoint =
        header + "\n\u2014 " + REKOR_HOST + " " + b64(concat(keyHint, noteSig)) + "\n";
    String json =
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
            + "\"verificationMaterial\":{\"certificate\":{\"rawBytes\":\""
            + b64(leaf.getEncoded())
            + "\"},\"tlogEntries\":[{\"logIndex\":\"0\",\"logId\":{\"keyId\":\""
            + b64(sha256(rekorKey.getPublic().getEncoded()))
            + "\"},\"kindVersion\":{\"kind\":\"dsse\",\"version\":\"0.0.1\"},"
            + "\"integratedTime\":\""
            + integrated
            + "\",\"inclusionPromise\":{\"signedEntryTimestamp\":\""
            + b64(set)
            + "\"},\"inclusionProof\":{\"logIndex\":\"0\",\"rootHash\":\""
            + b64(root)
            + "\",\"treeSize\":\"1\",\"hashes\":[],\"checkpoint\":{\"envelope\":"
            + quote(checkpoint)
            + "}},\"canonicalizedBody\":\""
            + b64(body)
            + "\"}]},\"dsseEnvelope\":{\"payload\":\""
            + b64(statement)
            + "\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\""
            + b64(signature)
            + "\",\"keyid\":\"\"}]}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A legacy keyless {@code .sig} layer as cosign v2 writes it: the signature over {@code payload}
   * by a fresh Fulcio-like leaf, the certificate and chain annotations, and the Rekor bundle
   * annotation (signed entry timestamp over a hashedrekord 0.0.1 entry).
   */
  public SignatureLayer legacyLayer(byte[] payload, Options o) throws Exception {
    KeyPair leafKey = TestKeys.P256.generate();
    X509Certificate leaf = leaf(leafKey, o);
    byte[] signature = TestKeys.P256.sign(leafKey.getPrivate(), payload);
    String leafPem = pem(leaf);
    byte[] body =
        ("{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":"
                + "{\"algorithm\":\"sha256\",\"value\":\""
                + hex(sha256(payload))
                + "\"}},\"signature\":{\"content\":\""
                + b64(signature)
                + "\",\"publicKey\":{\"content\":\""
                + b64(leafPem.getBytes(StandardCharsets.UTF_8))
                + "\"}}}}")
            .getBytes(StandardCharsets.UTF_8);
    long integrated = o.integratedTime().getEpochSecond();
    String logIdHex = hex(sha256(rekorKey.getPublic().getEncoded()));
    String signable =
        "{\"body\":\""
            + b64(body)
            + "\",\"integratedTime\":"
            + integrated
            + ",\"logID\":\""
            + logIdHex
            + "\",\"logIndex\":7}";
    KeyPair setKey = o.tamperSet() ? TestKeys.P256.generate() : rekorKey;
    byte[] set = TestKeys.P256.sign(setKey.getPrivate(), signable.getBytes(StandardCharsets.UTF_8));
    String rekorBundle =
        "{\"SignedEntryTimestamp\":\""
            + b64(set)
            + "\",\"Payload\":{\"body\":\""
            + b64(body)
            + "\",\"integratedTime\":"
            + integrated
            + ",\"logIndex\":7,\"logID\":\""
            + logIdHex
            + "\"}}";
    return new SignatureLayer(
        payload,
        b64(signature),
        java.util.Map.of(
            "dev.sigstore.cosign/certificate", leafPem,
            "dev.sigstore.cosign/chain", pem(ca),
            "dev.sigstore.cosign/bundle", rekorBundle));
  }

  private static String pem(X509Certificate certificate) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /** A Fulcio-like leaf: SAN (critical), issuer extension, code signing, embedded SCT. */
  private X509Certificate leaf(KeyPair leafKey, Options o) throws Exception {
    Instant notBefore = Instant.now().minusSeconds(60);
    long number = serial++;
    X509Certificate issuerCert = o.issuingCa() == caKey ? ca : selfSigned(o.issuingCa());
    // Sign the precertificate (leaf without the SCT extension), then embed the SCT.
    X509Certificate precert = leafWith(leafKey, o, notBefore, number, new byte[] {0, 0});
    CertificateEntry entry = CertificateEntry.createForPrecertificate(precert, issuerCert);
    long timestamp = notBefore.toEpochMilli();
    byte[] logId = sha256(ctKey.getPublic().getEncoded());
    byte[] tbs =
        new SignedCertificateTimestamp(
                SignedCertificateTimestamp.Version.V1,
                logId,
                timestamp,
                new byte[0],
                null,
                SignedCertificateTimestamp.Origin.EMBEDDED)
            .encodeTBS(entry);
    byte[] sctSignature = TestKeys.P256.sign(ctKey.getPrivate(), tbs);
    ByteArrayOutputStream sct = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(sct);
    out.writeByte(0); // v1
    out.write(logId);
    out.writeLong(timestamp);
    out.writeShort(0); // no extensions
    out.writeByte(4); // sha256
    out.writeByte(3); // ecdsa
    out.writeShort(sctSignature.length);
    out.write(sctSignature);
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    DataOutputStream listOut = new DataOutputStream(list);
    listOut.writeShort(sct.size() + 2);
    listOut.writeShort(sct.size());
    listOut.write(sct.toByteArray());
    return leafWith(leafKey, o, notBefore, number, list.toByteArray());
  }

  private X509Certificate leafWith(
      KeyPair leafKey, Options o, Instant notBefore, long number, byte[] sctList) throws Exception {
    X509Certificate issuerCert = o.issuingCa() == caKey ? ca : selfSigned(o.issuingCa());
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuerCert,
            BigInteger.valueOf(number),
            Date.from(notBefore),
            Date.from(notBefore.plusSeconds(600)),
            new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
            leafKey.getPublic());
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
    int sanType =
        o.subject().contains("@") && !o.subject().contains("://")
            ? GeneralName.rfc822Name
            : GeneralName.uniformResourceIdentifier;
    builder.addExtension(
        Extension.subjectAlternativeName,
        true,
        new GeneralNames(new GeneralName(sanType, o.subject())));
    builder.addExtension(
        new org.bouncycastle.asn1.ASN1ObjectIdentifier(ISSUER_OID),
        false,
        new DERUTF8String(o.issuer()));
    builder.addExtension(
        new org.bouncycastle.asn1.ASN1ObjectIdentifier(SCT_OID),
        false,
        new DEROctetString(sctList));
    return certificate(builder, o.issuingCa().getPrivate(), false);
  }

  private X509Certificate selfSigned(KeyPair key) throws Exception {
    Instant now = Instant.now();
    return certificate(
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=airlock test fulcio,O=airlock"),
            BigInteger.ONE,
            Date.from(now.minusSeconds(86400)),
            Date.from(now.plusSeconds(365 * 86400L)),
            new X500Name("CN=airlock test fulcio,O=airlock"),
            key.getPublic()),
        key.getPrivate(),
        true);
  }

  private static X509Certificate certificate(
      X509v3CertificateBuilder builder, PrivateKey signer, boolean isCa) {
    try {
      if (isCa) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String b64(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }

  private static String hex(byte[] data) {
    return HexFormat.of().formatHex(data);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
