#!/usr/bin/env bash
# The long soak: the packaged sample app under the full traffic mix of SoakTraffic for N minutes, with heap, file
# descriptor and thread readings, judged as in docs/soak.md; the report goes to docs/perf-runs/<date>-soak.md.
#
#   benchmarks/run-soak.sh                   30 minutes
#   benchmarks/run-soak.sh --minutes 3       a short run; any other SoakMain option passes through (--threads,
#                                            --seed, --skip KIND,..., --report FILE)
# Exits 0 on a pass, 1 on a fail. The driver is plain JDK code, compiled here with javac alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR=kamaelia-http-sample-app/target/kamaelia-http-sample-app-0.1.0-SNAPSHOT.jar
if [ ! -f "$JAR" ]; then
  ./mvnw -B -q -pl kamaelia-http-sample-app -am package -DskipTests -DskipITs
fi
minutes=30
report=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ -n "$report" ] || report="docs/perf-runs/$(date -u +%Y-%m-%d)-soak.md"
case "$report" in /*) ;; *) report="$ROOT/$report" ;; esac
WORK=${SOAK_WORK:-/tmp/kamaelia-soak-$$}
mkdir -p "$WORK/classes"
# The jar and the driver are copied aside: a build in this tree during a 30-minute run must not change them.
cp "$JAR" "$WORK/app.jar"
SRC=kamaelia-http-sample-app/src/test/java/org/kamaelia/http/sample/soak
javac -d "$WORK/classes" $(ls "$SRC"/*.java | grep -v 'IT\.java$')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain 2>/dev/null | grep -q . && echo " (uncommitted changes)" || true)
exec java -Xmx256m -cp "$WORK/classes" org.kamaelia.http.sample.soak.SoakMain \
  --jar "$WORK/app.jar" --minutes "$minutes" --report "$report" --work-dir "$WORK" \
  --context "commit $commit$dirty, \`benchmarks/run-soak.sh --minutes $minutes${args[*]:+ ${args[*]}}\`" \
  --context "machine: $(nproc) cores (shared with other work), $(java -version 2>&1 | head -1)" \
  ${args[@]+"${args[@]}"}
