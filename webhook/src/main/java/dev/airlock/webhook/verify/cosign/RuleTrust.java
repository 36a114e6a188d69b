package dev.airlock.webhook.verify.cosign;

import dev.airlock.webhook.policy.Attestor;
import dev.airlock.webhook.policy.AttestorEntry;
import dev.airlock.webhook.policy.Rule;
import dev.airlock.webhook.policy.SignedIdentity;
import dev.airlock.webhook.policy.Trust;
import dev.airlock.webhook.policy.TrustCompiler;
import dev.airlock.webhook.policy.TrustMaterialException;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's trust material, parsed once: every attestor with its parsed keys and keyless verifiers.
 * Immutable and thread-safe.
 *
 * <p>{@link #compile(Rule)} is the webhook's {@link TrustCompiler}: the policy loader calls it once
 * per rule, so a bad key or trusted root is a policy error reported with its field, and the
 * verifier reads the result from the loaded rule ({@code CompiledRule.trust()}).
 *
 * @param signedIdentity the rule's docker-reference check
 * @param attestors every one must pass
 * @param fingerprint sha256 hex over everything that decides a verification result: signedIdentity,
 *     counts, the keys (DER), each trusted root's content and the identities. A new or revoked key,
 *     or a changed trusted root, changes it; reformatting the PEM does not. For result caches keyed
 *     by (digest, rule fingerprint).
 */
public record RuleTrust(
    SignedIdentity signedIdentity, List<AttestorTrust> attestors, String fingerprint)
    implements Trust {

  /**
   * A compiled attestor.
   *
   * @param count how many entries must pass
   * @param entries the entries, in policy order
   */
  public record AttestorTrust(int count, List<EntryTrust> entries) {}

  /**
   * Parses all trust material of {@code rule}.
   *
   * @throws TrustMaterialException naming the field, e.g. {@code
   *     attestors[0].entries[1].keys.publicKeys: key 1: unsupported elliptic curve (want P-256,
   *     P-384 or P-521)}
   */
  public static RuleTrust compile(Rule rule) throws TrustMaterialException {
    if (rule.attestors() == null || rule.attestors().isEmpty()) {
      throw new TrustMaterialException("attestors: at least one attestor is required");
    }
    List<AttestorTrust> attestors = new ArrayList<>();
    for (int a = 0; a < rule.attestors().size(); a++) {
      attestors.add(compile(rule.attestors().get(a), "attestors[" + a + "]"));
    }
    SignedIdentity identity =
        rule.signedIdentity() == null ? SignedIdentity.ANY : rule.signedIdentity();
    return new RuleTrust(identity, List.copyOf(attestors), fingerprint(identity, attestors));
  }

  private static String fingerprint(SignedIdentity identity, List<AttestorTrust> attestors) {
    StringBuilder text = new StringBuilder("signedIdentity=").append(identity);
    for (AttestorTrust attestor : attestors) {
      text.append("\nattestor count=").append(attestor.count());
      for (EntryTrust entry : attestor.entries()) {
        text.append("\n entry ").append(entry.fingerprint());
      }
    }
    return java.util.HexFormat.of()
        .formatHex(Sha256.of(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static AttestorTrust compile(Attestor attestor, String field)
      throws TrustMaterialException {
    List<AttestorEntry> entries = attestor.entries() == null ? List.of() : attestor.entries();
    if (entries.isEmpty()) {
      throw new TrustMaterialException(field + ".entries: at least one entry is required");
    }
    if (attestor.count() < 1 || attestor.count() > entries.size()) {
      throw new TrustMaterialException(
          field
              + ".count: "
              + attestor.count()
              + " is not between 1 and the number of entries ("
              + entries.size()
              + ")");
    }
    List<EntryTrust> compiled = new ArrayList<>();
    java.util.Map<String, String> signerAt = new java.util.HashMap<>();
    for (int e = 0; e < entries.size(); e++) {
      String at = field + ".entries[" + e + "]";
      EntryTrust entry = compile(entries.get(e), at);
      // count: N needs N distinct signers; a signer listed in two entries could never be two.
      for (String signer : entry.signers()) {
        String earlier = signerAt.putIfAbsent(signer, "entries[" + e + "]");
        if (earlier != null && !earlier.equals("entries[" + e + "]")) {
          throw new TrustMaterialException(
              at
                  + ": "
                  + entry.describe()
                  + " of this entry is also in "
                  + earlier
                  + " of the same attestor; each entry must stand for a different signer");
        }
      }
      compiled.add(entry);
    }
    return new AttestorTrust(attestor.count(), List.copyOf(compiled));
  }

  private static EntryTrust compile(AttestorEntry entry, String field)
      throws TrustMaterialException {
    return entry.accept(
        new AttestorEntry.Visitor<EntryTrust, TrustMaterialException>() {
          @Override
          public EntryTrust keys(AttestorEntry.Keys keys) throws TrustMaterialException {
            return new EntryTrust.KeyEntry(
                PublicKeyParser.parse(keys.publicKeys(), field + ".keys.publicKeys"));
          }

          @Override
          public EntryTrust keyless(AttestorEntry.Keyless keyless) throws TrustMaterialException {
            return new EntryTrust.KeylessEntry(KeylessTrust.compile(keyless, field + ".keyless"));
          }
        });
  }
}
