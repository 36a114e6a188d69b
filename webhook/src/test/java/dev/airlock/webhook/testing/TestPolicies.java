package dev.airlock.webhook.testing;

/** Policies and trust material used by the tests. */
public final class TestPolicies {
  /** A real ECDSA P-256 public key (made once with openssl; its private key was discarded). */
  public static final String PUBLIC_KEY =
      """
      -----BEGIN PUBLIC KEY-----
      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDT5UUvQixUAy8siGnCxZ9yGkrw6+
      RktkJNfgDm6ODQ+NH6ufFsqOZM7x1neL9u+jCuezOqPKKnBeya6VFbsS2Q==
      -----END PUBLIC KEY-----
      """;

  /** Another real P-256 public key, for "the key changed" cases. */
  public static final String OTHER_PUBLIC_KEY =
      """
      -----BEGIN PUBLIC KEY-----
      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9tw614rjaJjKsE7//lxe3DuNgvsA
      Bb9iCyvaRflMjnuy30/26CX/dgMK87TWvSbabJ7DIiQetMvrs9ndp67OqQ==
      -----END PUBLIC KEY-----
      """;

  /** {@link #PUBLIC_KEY} as the body of a YAML double-quoted scalar (newlines escaped). */
  public static final String KEY = yamlEscaped(PUBLIC_KEY);

  /** Rules: example/payments and example/infra signed; audited; dockerhub pinned only. */
  public static final String DEFAULT = policy("deny", "deny");

  private TestPolicies() {}

  /** {@code text} escaped for use inside a YAML double-quoted scalar. */
  public static String yamlEscaped(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  public static String policy(String unmatched, String unmirrored) {
    return """
        apiVersion: airlock.dev/v1alpha1
        kind: AdmissionPolicy
        spec:
          unmatchedImages: %s
          unmirroredImages: %s
          excludeNamespaces: [kube-system]
          rules:
            - name: signed
              images: ["registry.internal/example/payments/**", "registry.internal/example/infra/*"]
              attestors:
                - entries:
                    - keys:
                        publicKeys: "%s"
            - name: audited
              images: ["registry.internal/example/audited/**"]
              mode: audit
              attestors:
                - entries:
                    - keys:
                        publicKeys: "%s"
            - name: dockerhub
              images: ["registry.internal/dockerhub/**"]
              allowUnsigned: true
            - name: slow
              images: ["hang.internal/**", "broken.internal/**"]
              allowUnsigned: true
        """
        .formatted(unmatched, unmirrored, KEY, KEY);
  }
}
