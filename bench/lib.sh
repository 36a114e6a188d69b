# Shared by the bench scripts: runs a bench main class of native-tests against the packaged
# webhook, after checking that the build and docker-registry are there.
#   run_bench <name> <MainClass> [args…]     (AIRLOCK_WEBHOOK_RUNNER picks another runner)
run_bench() {
  local name="$1" main="$2"
  shift 2
  local root runner classes classpath
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  runner="${AIRLOCK_WEBHOOK_RUNNER:-$root/webhook/target/quarkus-app/quarkus-run.jar}"
  classes="$root/native-tests/target/test-classes"
  classpath="$root/native-tests/target/bench-classpath.txt"
  for needed in "$runner" "$classpath" "$classes/${main//.//}.class"; do
    if [[ ! -e "$needed" ]]; then
      echo "$name: $needed is missing: run 'mvn -B -DskipTests package' in $root first" >&2
      exit 1
    fi
  done
  if ! command -v docker-registry >/dev/null; then
    echo "$name: docker-registry (CNCF distribution 2.8) must be on PATH" >&2
    exit 1
  fi
  # The bench JVM resolves names only from etc/test-hosts: it never sends a DNS query off the machine.
  exec java -Djdk.net.hosts.file="$root/etc/test-hosts" \
    -cp "$classes:$(cat "$classpath")" "$main" --runner "$runner" "$@"
}
