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
mvn -B -ntp -pl oci,webhook -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.tries="$tries" | tee target-fuzz.log | grep -E 'tries =|Tests run:|FAIL' || true
status=${PIPESTATUS[0]}
echo "fuzz: $(grep -c 'tries =' target-fuzz.log) properties × $tries tries in $(( $(date +%s) - start )) s (exit $status)"
rm -f target-fuzz.log
exit "$status"
