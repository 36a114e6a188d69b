#!/usr/bin/env bash
# Soak of the packaged webhook (issue 12): 100,000 admissions at concurrency 64 over HTTP/2, mixed
# warm / cold / must-deny, while the registry is restarted twice. Prints the tally (zero unverified
# allows and zero 5xx expected: exit 1 otherwise), latency, RSS over time and the CPU of the webhook
# beside the load generator's. Asserts nothing about time. See bench/README.md.
#
#   bench/soak.sh [--admissions N] [--concurrency C] [--cold K]
#   AIRLOCK_WEBHOOK_RUNNER=webhook/target/airlock-webhook-0.1.0-SNAPSHOT-runner bench/soak.sh
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_bench soak dev.airlock.e2e.SoakBench "$@"
