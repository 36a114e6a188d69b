package dev.airlock.oci.mirror;

/** A host capability from containerd {@code docs/hosts.md}: what a host may be used for. */
public enum Capability {
  /** Fetch content by digest (blobs, manifests by digest). */
  PULL,
  /** Resolve a name (tag) to a digest. */
  RESOLVE,
  /** Push content. airlock never pushes. */
  PUSH
}
