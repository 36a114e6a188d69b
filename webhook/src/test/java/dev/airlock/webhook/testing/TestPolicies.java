package dev.airlock.webhook.testing;

/** Policies used by the Quarkus tests. */
public final class TestPolicies {
  public static final String KEY =
      "-----BEGIN PUBLIC KEY-----\\n"
          + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEtest\\n"
          + "-----END PUBLIC KEY-----";

  /** Rules: example/payments and example/infra signed; audited; dockerhub pinned only. */
  public static final String DEFAULT = policy("deny", "deny");

  private TestPolicies() {}

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
              attestors: []
            - name: slow
              images: ["hang.internal/**", "broken.internal/**"]
              attestors: []
        """
        .formatted(unmatched, unmirrored, KEY, KEY);
  }
}
