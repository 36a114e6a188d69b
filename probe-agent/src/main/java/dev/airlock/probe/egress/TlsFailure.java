package dev.airlock.probe.egress;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/** Short, stable reasons for a failed TLS handshake (the text of {@code LEAK (tls: <reason>)}). */
final class TlsFailure {
  private TlsFailure() {}

  static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return "certificate expired";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "certificate not yet valid";
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return "untrusted certificate";
      }
      if (t instanceof CertificateException && isNameMismatch(t.getMessage())) {
        return "hostname mismatch";
      }
      if (t instanceof SocketTimeoutException) {
        return "handshake timeout";
      }
      if (t instanceof EOFException) {
        return "connection closed during handshake";
      }
    }
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  private static boolean isNameMismatch(String message) {
    return message != null
        && (message.startsWith("No subject alternative") || message.startsWith("No name matching"));
  }
}
