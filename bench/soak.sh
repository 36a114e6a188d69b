#!/usr/bin/env bash
# Soak of the packaged webhook (issue 12): 100,000 admissions at concurrency 64 over HTTP/2, mixed
# warm / cold / must-deny, while the registry is restarted twice. Prints the tally (zero unverified
# allows and zero 5xx expected: exit 1 otherwise), latency, RSS over time and the CPU of the webhook
# beside the load generator's. Asserts nothing about time. See bench/README.md.
#
#   bench/soak.sh [--admissions N] [--concurrency C] [--cold K]
#   AIRLOCK_WEBHOOK_RUNNER=webhook/target/airlock-webhook-0.1.0-SNAPSHOT-runner bench/soak.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runner="${AIRLOCK_WEBHOOK_RUNNER:-$root/webhook/target/quarkus-app/quarkus-run.jar}"
classes="$root/native-tests/target/test-classes"
classpath="$root/native-tests/target/bench-classpath.txt"

for needed in "$runner" "$classpath" "$classes/dev/airlock/e2e/SoakBench.class"; do
  if [[ ! -e "$needed" ]]; then
    echo "soak: $needed is missing: run 'mvn -B -DskipTests package' in $root first" >&2
    exit 1
  fi
done
if ! command -v docker-registry >/dev/null; then
  echo "soak: docker-registry (CNCF distribution 2.8) must be on PATH" >&2
  exit 1
fi

exec java -Djdk.net.hosts.file="$root/etc/test-hosts" \
  -cp "$classes:$(cat "$classpath")" \
  dev.airlock.e2e.SoakBench --runner "$runner" "$@"
