#!/usr/bin/env bash
# The wrk comparison of ../shared/bench with three Kamaelia servers plugged in: "kamaelia" (the bare core server,
# benchmarks/BenchServer), "kamaelia-boot" (the packaged sample app: the starter with Micrometer, Prometheus and
# the http.server.requests observation on, over the bare server's features) and "kamaelia-boot-sample" (the same
# with the sample's compression and forwarded fields on). Ratios are to raw Netty in the same round.
#
#   benchmarks/run-wrk.sh                          every peer of the harness, 3 rounds (about 40 minutes)
#   benchmarks/run-wrk.sh --only netty,boot-mvc    a subset; any run.sh option passes through
#   KAMAELIA_BOOT=0 benchmarks/run-wrk.sh --only netty --conns 1000
#                                                  the bare server only (half the time when iterating on the core)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
./mvnw -B -q install -DskipTests -DskipITs -Dspotless.check.skip -pl kamaelia-http-core,kamaelia-http-spring-boot-starter,kamaelia-http-sample-app -am
./mvnw -B -q -f benchmarks/pom.xml package -Dspotless.check.skip
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  # wrk drives the load; nginx (with its echo module) is the harness's non-JVM reference.
  apt-get update -q && apt-get install -y -q wrk nginx-light libnginx-mod-http-echo
fi
WORK=${BENCH_WORK:-/tmp/kamaelia-bench}
# The harness builds its peers in place: work on a writable copy, kept between runs while it matches the original.
if ! diff -q "$ROOT/../shared/bench/run.sh" "$WORK/run.sh" >/dev/null 2>&1; then
  rm -rf "$WORK" && cp -r "$ROOT/../shared/bench" "$WORK" && chmod -R u+w "$WORK"
fi
# Jars copied aside, so that a build during the run cannot change what is being measured.
JARS="$WORK/kamaelia-jars"
mkdir -p "$JARS"
cp kamaelia-http-core/target/kamaelia-http-core-0.1.0-SNAPSHOT.jar \
   benchmarks/target/kamaelia-http-benchmarks-0.1.0-SNAPSHOT.jar \
   kamaelia-http-sample-app/target/kamaelia-http-sample-app-0.1.0-SNAPSHOT.jar "$JARS/"
JVM="java -Xms512m -Xmx512m -XX:+UseParallelGC"
CP="$JARS/kamaelia-http-core-0.1.0-SNAPSHOT.jar:$JARS/kamaelia-http-benchmarks-0.1.0-SNAPSHOT.jar"
APP="$JARS/kamaelia-http-sample-app-0.1.0-SNAPSHOT.jar"
cd "$WORK"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--rounds 3)
extras=(--extra "kamaelia=$JVM -cp $CP org.kamaelia.http.bench.BenchServer \$PORT")
if [ "${KAMAELIA_BOOT:-1}" != 0 ]; then
  # Both run the packaged sample app without its console access log: the comparison is of servers, not consoles.
  # kamaelia-boot: the starter (metrics, the http.server.requests observation and histogram, Prometheus, Actuator)
  # over the same server features as the bare server, so that the ratio is the starter's cost;
  # kamaelia-boot-sample: the API server as the sample ships it, with compression and forwarded fields on as well.
  BOOT_ARGS="--kamaelia.http.servers.api.port=\$PORT --kamaelia.http.servers.site.port=0 --kamaelia.http.servers.management.port=0 --kamaelia.http.servers.secure.port=0 --kamaelia.http.servers.api.access-log.enabled=false"
  extras+=(--extra "kamaelia-boot=$JVM -jar $APP $BOOT_ARGS --kamaelia.http.servers.api.compression.enabled=false --kamaelia.http.servers.api.forwarded=none")
  extras+=(--extra "kamaelia-boot-sample=$JVM -jar $APP $BOOT_ARGS")
fi
exec ./run.sh "${args[@]}" "${extras[@]}"
