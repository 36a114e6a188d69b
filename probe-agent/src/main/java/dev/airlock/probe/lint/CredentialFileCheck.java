package dev.airlock.probe.lint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A file that holds registry credentials must be readable by root alone: no group or other
 * permission bits (mode 0600 or stricter) and owned by uid 0. The message names where the
 * credentials are, never their value.
 */
final class CredentialFileCheck {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      Set.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private CredentialFileCheck() {}

  /**
   * @param file the file, under the node root
   * @param shown its node path
   * @param what where in the file the credentials are, e.g. {@code configs."r".auth}
   */
  static List<Finding> check(Path file, String shown, String what) {
    List<Finding> findings = new ArrayList<>();
    try {
      Set<PosixFilePermission> permissions =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!OWNER_ONLY.containsAll(permissions)) {
        findings.add(
            Finding.error(
                LintCheck.CREDENTIALS_FILE,
                shown,
                "holds registry credentials ("
                    + what
                    + ") but has mode "
                    + mode(permissions)
                    + "; must be 0600"));
      }
      int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      if (uid != 0) {
        findings.add(
            Finding.error(
                LintCheck.CREDENTIALS_FILE,
                shown,
                "holds registry credentials ("
                    + what
                    + ") but is owned by uid "
                    + uid
                    + "; must be owned by root"));
      }
    } catch (IOException | UnsupportedOperationException e) {
      findings.add(
          Finding.error(
              LintCheck.CREDENTIALS_FILE,
              shown,
              "holds registry credentials ("
                  + what
                  + ") but its owner and mode cannot be read: "
                  + e.getMessage()));
    }
    return findings;
  }

  /** Octal mode, e.g. {@code 0644}. */
  static String mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return String.format("%04o", mode);
  }
}
