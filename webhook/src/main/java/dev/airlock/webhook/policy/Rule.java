package dev.airlock.webhook.policy;

import java.util.List;

/**
 * One {@code spec.rules[]} entry of the policy file (design.md "Policy file"), with defaults
 * already applied.
 *
 * @param name rule name, used in messages, audit logs and warnings
 * @param images globs on the MIRROR location: {@code *} within one path segment, {@code **} across
 *     segments
 * @param namespaces namespaces the rule applies to; empty means all
 * @param mode enforce or audit
 * @param mutateDigest pin tags to digests in /mutate
 * @param verifyDigest /validate denies a covered image without a digest
 * @param signedIdentity check of the payload's docker-reference
 * @param attestors every attestor must pass; never empty unless {@code allowUnsigned}
 * @param allowUnsigned {@code allowUnsigned: true}: digests are resolved and pinned but signatures
 *     are not checked (reason {@code unsigned_allowed} in metrics and audit)
 */
public record Rule(
    String name,
    List<String> images,
    List<String> namespaces,
    Mode mode,
    boolean mutateDigest,
    boolean verifyDigest,
    SignedIdentity signedIdentity,
    List<Attestor> attestors,
    boolean allowUnsigned) {}
