#!/usr/bin/env bash
# A long fuzz run of airlock's parsers (jqwik properties named *FuzzTest in oci and webhook):
# image references against distribution's grammar, hosts.toml, policies, AdmissionReviews and
# signature payloads/bundles/keys. CI runs the same properties with 1,000 tries each.
#   scripts/fuzz.sh [tries-per-property]   (default 200000)
# A failure prints the shrunk input and its seed; jqwik retries it first on the next run
# (database under each module's target/jqwik-database).
set -euo pipefail
cd "$(dirname "$0")/.."
tries="${1:-200000}"
start=$(date +%s)
log="$(mktemp)"
status=0
mvn -B -ntp -pl oci,webhook -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.tries="$tries" >"$log" 2>&1 || status=$?
grep -a -E '^tries =|Tests run:' "$log" || true
if ((status != 0)); then
  # the failing property's report: its shrunk sample and seed
  grep -a -A40 'AssertionError\|Exception:' "$log" | head -120 || true
fi
echo "fuzz: $(grep -a -c '^tries =' "$log") properties, up to $tries tries each, in $(($(date +%s) - start)) s (exit $status)"
rm -f "$log"
exit "$status"
