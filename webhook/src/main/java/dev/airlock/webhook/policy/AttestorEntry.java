package dev.airlock.webhook.policy;

import java.util.List;
import java.util.Optional;

/**
 * One trust anchor of an attestor: {@link Keys} or {@link Keyless}, nothing else and never both
 * (the parser refuses an entry with both or neither).
 */
public sealed interface AttestorEntry {

  /** One case per kind of entry; a new kind does not compile until every use answers it. */
  interface Visitor<R, X extends Exception> {
    R keys(Keys keys) throws X;

    R keyless(Keyless keyless) throws X;
  }

  <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X;

  /** The file this entry reads besides the policy, if any (watched for changes). */
  Optional<String> watchedFile();

  /** {@code keys.publicKeys}: one or more PEM {@code PUBLIC KEY} blocks. */
  record Keys(String publicKeys) implements AttestorEntry {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.keys(this);
    }

    @Override
    public Optional<String> watchedFile() {
      return Optional.empty();
    }
  }

  /**
   * {@code keyless}: a local {@code trusted_root.json} and the identities allowed to sign.
   *
   * @param trustedRoot path of a Sigstore {@code trusted_root.json}; never fetched
   * @param identities accepted (issuer, subject) pairs, exact or regular expressions
   */
  record Keyless(String trustedRoot, List<Identity> identities) implements AttestorEntry {
    public Keyless {
      identities = List.copyOf(identities);
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.keyless(this);
    }

    @Override
    public Optional<String> watchedFile() {
      return Optional.of(trustedRoot);
    }
  }

  /**
   * A certificate identity. Exact fields and RegExp fields may be mixed; an absent field is not
   * checked only if its counterpart is present.
   */
  record Identity(
      Optional<String> issuer,
      Optional<String> subject,
      Optional<String> issuerRegExp,
      Optional<String> subjectRegExp) {}
}
