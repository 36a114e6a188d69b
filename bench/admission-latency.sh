#!/usr/bin/env bash
# Admission latency of the packaged webhook (issue 3): cold vs warm p50/p95/p99 and throughput of
# POST /mutate with the 8 KB three-container Pod review, and the number of registry requests that
# 500 concurrent admissions of one new image cause (request coalescing). Prints figures; asserts
# nothing about time. See bench/README.md.
#
#   bench/admission-latency.sh [--sequential N] [--concurrent M] [--clients C] [--cold K]
#                              [--warmup W] [--burst B] [--http 2|1.1]
#   AIRLOCK_WEBHOOK_RUNNER=webhook/target/airlock-webhook-0.1.0-SNAPSHOT-runner bench/admission-latency.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runner="${AIRLOCK_WEBHOOK_RUNNER:-$root/webhook/target/quarkus-app/quarkus-run.jar}"
classes="$root/native-tests/target/test-classes"
classpath="$root/native-tests/target/bench-classpath.txt"

for needed in "$runner" "$classpath" "$classes/dev/airlock/e2e/AdmissionLatencyBench.class"; do
  if [[ ! -e "$needed" ]]; then
    echo "admission-latency: $needed is missing: run 'mvn -B -DskipTests package' in $root first" >&2
    exit 1
  fi
done
if ! command -v docker-registry >/dev/null; then
  echo "admission-latency: docker-registry (CNCF distribution 2.8) must be on PATH" >&2
  exit 1
fi

# The bench JVM resolves names only from etc/test-hosts: it never sends a DNS query off the machine.
exec java -Djdk.net.hosts.file="$root/etc/test-hosts" \
  -cp "$classes:$(cat "$classpath")" \
  dev.airlock.e2e.AdmissionLatencyBench --runner "$runner" "$@"
