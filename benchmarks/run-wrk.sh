#!/usr/bin/env bash
# The wrk comparison of ../shared/bench with our bare core server plugged in, against raw Netty (and any peers
# given with --only). Usage: benchmarks/run-wrk.sh [run.sh options], e.g. benchmarks/run-wrk.sh --only netty,tomcat
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
./mvnw -B -q install -DskipTests -Dspotless.check.skip -pl kamaelia-http-core
./mvnw -B -q -f benchmarks/pom.xml package -Dspotless.check.skip
command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
WORK=${BENCH_WORK:-/tmp/kamaelia-bench}
rm -rf "$WORK" && cp -r "$ROOT/../shared/bench" "$WORK" && chmod -R u+w "$WORK"   # the harness builds peers in place
CP="$ROOT/kamaelia-http-core/target/kamaelia-http-core-0.1.0-SNAPSHOT.jar:$ROOT/benchmarks/target/kamaelia-http-benchmarks-0.1.0-SNAPSHOT.jar"
cd "$WORK"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--only netty --rounds 3)
exec ./run.sh "${args[@]}" --extra "kamaelia=java -Xms512m -Xmx512m -XX:+UseParallelGC -cp $CP org.kamaelia.http.bench.BenchServer \$PORT"
