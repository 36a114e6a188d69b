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

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_bench admission-latency dev.airlock.e2e.AdmissionLatencyBench "$@"
