package dev.airlock.webhook.serving;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The names a client certificate stands for: its DNS subject alternative names, then its CN. */
final class ClientNames {
  private static final int DNS_NAME = 2;

  private ClientNames() {}

  static List<String> of(X509Certificate leaf) {
    List<String> names = new ArrayList<>();
    try {
      if (leaf.getSubjectAlternativeNames() != null) {
        for (List<?> san : leaf.getSubjectAlternativeNames()) {
          if (san.get(0) instanceof Integer type && type == DNS_NAME) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable SANs; the CN may still name the client
    }
    try {
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          names.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      // no CN
    }
    return List.copyOf(names);
  }
}
