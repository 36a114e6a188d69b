package dev.airlock.webhook.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * A digest of everything a policy's verdicts depend on: the policy file's bytes and the bytes of
 * every keyless {@code trustedRoot} file it names. A change to either is a policy change (a CA
 * dropped from a trusted root must revoke earlier passes, although the policy text is the same).
 */
final class PolicyInputs {
  private PolicyInputs() {}

  /** The digest of {@code policyBytes} and the trusted roots named by {@code policy}. */
  static String digest(byte[] policyBytes, Policy policy) {
    MessageDigest sha = sha256();
    sha.update(policyBytes);
    for (String root : trustedRoots(policy)) {
      sha.update((byte) 0);
      sha.update(root.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update((byte) 0);
      try {
        sha.update(Files.readAllBytes(Path.of(root)));
      } catch (IOException e) {
        sha.update(("unreadable: " + e.getClass().getName()).getBytes());
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static TreeSet<String> trustedRoots(Policy policy) {
    TreeSet<String> roots = new TreeSet<>();
    for (CompiledRule rule : policy.rules()) {
      rule.rule().attestors().stream()
          .flatMap(a -> a.entries().stream())
          .forEach(e -> e.watchedFile().ifPresent(roots::add));
    }
    return roots;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
