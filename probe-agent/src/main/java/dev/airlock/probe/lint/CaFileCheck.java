package dev.airlock.probe.lint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A CA file named by {@code ca} (hosts.toml) or {@code ca_file} (config.toml): it must exist, hold
 * PEM certificates, none expired (error) nor expiring within {@link #WARN_WITHIN} (warning).
 */
final class CaFileCheck {
  static final Duration WARN_WITHIN = Duration.ofDays(30);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private final Clock clock;

  CaFileCheck(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param root the node root
   * @param namedIn node path of the file that names the CA (the finding's file)
   * @param ca the CA file, resolved under the root
   */
  List<Finding> check(NodeRoot root, String namedIn, Path ca) {
    String shown = root.display(ca);
    if (!Files.isRegularFile(ca)) {
      return List.of(Finding.error(LintCheck.CA_FILE, namedIn, "CA file " + shown + " not found"));
    }
    Collection<? extends java.security.cert.Certificate> certificates;
    try (InputStream in = Files.newInputStream(ca)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | CertificateException e) {
      return List.of(
          Finding.error(
              LintCheck.CA_FILE, namedIn, "CA file " + shown + " is not a PEM certificate file"));
    }
    if (certificates.isEmpty()) {
      return List.of(
          Finding.error(LintCheck.CA_FILE, namedIn, "CA file " + shown + " holds no certificate"));
    }
    Instant now = clock.instant();
    List<Finding> findings = new ArrayList<>();
    for (var certificate : certificates) {
      X509Certificate x509 = (X509Certificate) certificate;
      Instant notAfter = x509.getNotAfter().toInstant();
      String subject = x509.getSubjectX500Principal().getName();
      if (!notAfter.isAfter(now)) {
        findings.add(
            Finding.error(
                LintCheck.CA_FILE,
                namedIn,
                "CA certificate \""
                    + subject
                    + "\" in "
                    + shown
                    + " expired on "
                    + DAY.format(notAfter)));
      } else if (notAfter.isBefore(now.plus(WARN_WITHIN))) {
        long days = Duration.between(now, notAfter).toDays();
        findings.add(
            Finding.warning(
                LintCheck.CA_FILE,
                namedIn,
                "CA certificate \""
                    + subject
                    + "\" in "
                    + shown
                    + " expires on "
                    + DAY.format(notAfter)
                    + " (in "
                    + days
                    + (days == 1 ? " day)" : " days)")));
      }
    }
    return findings;
  }
}
