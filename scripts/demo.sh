#!/usr/bin/env bash
# airlock in two minutes, without a cluster, on a fresh Debian/Ubuntu machine: installs what it needs
# when missing, builds (or reuses fresh jars), then runs the demo driver (dev.airlock.demo.Demo):
# a local docker-registry mirror with a fresh CA, signed / unsigned / foreign-signed / multi-arch
# images, a node's certs.d directory, the packaged webhook answering AdmissionReviews and the
# packaged probe agent catching a leak. Everything listens on 127.0.0.1 only; no public host is
# contacted. Exits non-zero if any expected decision or verdict is wrong.
#
# Environment (all optional):
#   AIRLOCK_DEMO_CLASSPATH       classpath of the driver; skips the build (used by DemoIT)
#   AIRLOCK_DEMO_WEBHOOK_RUNNER  webhook runner (default webhook/target/quarkus-app/quarkus-run.jar)
#   AIRLOCK_DEMO_PROBE_RUNNER    probe runner (default probe-agent/target/quarkus-app/quarkus-run.jar)
#   AIRLOCK_DEMO_REBUILD=1       build even when the jars are fresh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v openssl >/dev/null || need+=(openssl)
command -v mvn >/dev/null || need+=(maven)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
if ((${#need[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

webhook_runner=${AIRLOCK_DEMO_WEBHOOK_RUNNER:-$root/webhook/target/quarkus-app/quarkus-run.jar}
probe_runner=${AIRLOCK_DEMO_PROBE_RUNNER:-$root/probe-agent/target/quarkus-app/quarkus-run.jar}
cp_file=$root/native-tests/target/demo-classpath.txt

# Fresh: both apps, the driver and its classpath exist, and no source or pom changed since.
fresh() {
  [[ -z ${AIRLOCK_DEMO_REBUILD:-} && -f $webhook_runner && -f $probe_runner && -f $cp_file ]] || return 1
  [[ -f native-tests/target/test-classes/dev/airlock/demo/Demo.class ]] || return 1
  [[ -z $(find pom.xml oci webhook probe-agent native-tests -path '*/target' -prune \
    -o -type f -newer "$cp_file" -print -quit) ]]
}

if [[ -n ${AIRLOCK_DEMO_CLASSPATH:-} ]]; then
  classpath=$AIRLOCK_DEMO_CLASSPATH
else
  if fresh; then
    echo "reusing the jars built at $(date -r "$cp_file" '+%F %T') (AIRLOCK_DEMO_REBUILD=1 rebuilds)"
  else
    log=$root/target/demo-build.log
    mkdir -p "$root/target"
    echo "building: mvn -B -ntp -DskipTests package (a few minutes the first time; log: $log)"
    # The reactor writes each module's test classpath to the same file; native-tests comes last
    # (it depends on both apps), so the file ends up holding the driver's classpath.
    if ! mvn -B -ntp -Dstyle.color=never -DskipTests package \
      org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
      -Dmdep.includeScope=test -Dmdep.excludeTypes=pom -Dmdep.outputFile="$cp_file" >"$log" 2>&1; then
      tail -n 60 "$log"
      echo "build failed (full log: $log)"
      exit 1
    fi
  fi
  classpath=$root/native-tests/target/test-classes:$(cat "$cp_file")
fi

# Stop everything the demo started, whatever happens: the driver stops its processes itself and
# records their pids; this trap covers a driver that was killed or interrupted.
pids=$(mktemp)
demo_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $demo_pid ]] && kill -0 "$demo_pid" 2>/dev/null; then
    kill "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
  fi
  while read -r pid; do
    # only a process that is still one of ours (pids are recycled)
    if grep -qaE 'docker-registry|quarkus-run|airlock' "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
  done <"$pids"
  rm -f "$pids"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

java -cp "$classpath" \
  -Dairlock.webhook.runner="$webhook_runner" \
  -Dairlock.probe.runner="$probe_runner" \
  -Dairlock.demo.pids="$pids" \
  dev.airlock.demo.Demo &
demo_pid=$!
rc=0
wait "$demo_pid" || rc=$?
demo_pid=""
exit "$rc"
