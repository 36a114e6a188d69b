package dev.airlock.webhook.verify.cosign;

import java.util.List;

/** The compiled trust anchor of one attestor entry. */
sealed interface EntryTrust {

  /** {@code keys}: signatures must verify with one of these keys. */
  record KeyEntry(List<TrustedKey> keys) implements EntryTrust {}

  /** {@code keyless}: Sigstore bundles verified offline against a local trusted root. */
  record KeylessEntry(KeylessTrust trust) implements EntryTrust {}
}
