#!/usr/bin/env bash
# The one bench command (issue 14): warm and cold admission figures of the packaged webhook, each
# beside a floor measured seconds earlier in the same run on the same cores, and their ratios.
# Builds what is missing, checks the tools, then runs dev.airlock.e2e.BenchRun (native-tests).
# Prints figures; asserts nothing about time. See bench/README.md.
#
#   bench/run.sh [--seconds S] [--cold N] [--burst B] [--rate R] [--startups K] [--only warm|cold]
#                [--webhook-jvm-extra "-XX:StartFlightRecording=filename=/tmp/webhook.jfr"]
#   AIRLOCK_WEBHOOK_RUNNER=webhook/target/airlock-webhook-0.1.0-SNAPSHOT-runner bench/run.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
for tool in docker-registry h2load wrk; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "bench/run.sh: missing ${missing[*]}: apt-get install -y docker-registry nghttp2-client wrk" >&2
  exit 1
fi
floor="$root/bench/floor-app/target/quarkus-app/quarkus-run.jar"
if [[ ! -e "$floor" || ! -e "$root/native-tests/target/bench-classpath.txt" ]]; then
  (cd "$root" && mvn -B -ntp -q -DskipTests package)
fi
# The JVM options the chart gives the webhook (values.yaml webhook.jvmOptions), to both apps.
jvm="$(sed -n 's/^  jvmOptions: "\(.*\)"$/\1/p' "$root/charts/airlock/values.yaml" | head -n 1)"

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
run_bench run dev.airlock.e2e.BenchRun --floor "$floor" --jvm-options "$jvm" "$@"
