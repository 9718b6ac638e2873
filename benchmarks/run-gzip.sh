#!/usr/bin/env bash
# The gzip comparison of docs/compression.md: GET /gzip (1 MiB of JSON, gzip level 6 through the JDK's zlib) from
# the bare Kamaelia server (BenchServer) and from Netty's HttpContentCompressor (NettyGzipServer), interleaved over
# several rounds, each server pinned to one CPU and wrk to the other, as ../shared/bench/run.sh pins them. Prints
# requests per second per round and the Kamaelia/Netty ratio of each round and of the medians. Installs nothing.
#
#   benchmarks/run-gzip.sh [rounds (5)] [seconds per measurement (8)] [connections (8)]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}; DURATION=${2:-8}; CONNS=${3:-8}
SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
./mvnw -B -o -q -f benchmarks/reactor/pom.xml package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DskipTests -Dspotless.check.skip -Djacoco.skip=true
CP="benchmarks/target/kamaelia-http-benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/classpath.txt)"
JVM=(java -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$CP")
declare -A MAIN=([kamaelia]=org.kamaelia.http.bench.BenchServer [netty]=org.kamaelia.http.bench.NettyGzipServer)
OUT=$(mktemp -d /tmp/kamaelia-gzip.XXXX)
echo "== $(date -Is) rounds $ROUNDS, ${DURATION}s, $CONNS connections; server CPU $SERVER_CPU, wrk CPU $CLIENT_CPU; logs $OUT"

one() { # NAME ROUND -> prints requests/s
  local name=$1 round=$2 port=$((20000 + RANDOM % 10000)) pid up=0
  taskset -c "$SERVER_CPU" "${JVM[@]}" "${MAIN[$name]}" "$port" > "$OUT/$name.$round.server.txt" 2>&1 &
  pid=$!
  for _ in $(seq 300); do
    [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/hello")" = 200 ] && { up=1; break; }
    sleep 0.1
  done
  [ $up = 1 ] || { echo "$name did not start" >&2; kill $pid; return 1; }
  # the answer must be gzip and decode to the 1 MiB body, or the numbers mean nothing
  local coded plain
  coded=$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/gzip" | wc -c)
  plain=$(curl -s --compressed "http://127.0.0.1:$port/gzip" | wc -c)
  curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/gzip" | tr -d '\r' > "$OUT/$name.$round.head.txt"
  grep -qi '^content-encoding: gzip' "$OUT/$name.$round.head.txt" && [ "$plain" = 1048576 ] \
    || { echo "$name: /gzip is not a gzip of the body (coded $coded, plain $plain)" >&2; kill $pid; return 1; }
  taskset -c "$CLIENT_CPU" wrk -t1 -c "$CONNS" -d "${DURATION}s" -H 'Accept-Encoding: gzip' \
    "http://127.0.0.1:$port/gzip" > "$OUT/$name.$round.warmup.txt" 2>&1
  taskset -c "$CLIENT_CPU" wrk -t1 -c "$CONNS" -d "${DURATION}s" --latency -H 'Accept-Encoding: gzip' \
    "http://127.0.0.1:$port/gzip" > "$OUT/$name.$round.wrk.txt" 2>&1
  kill $pid; wait $pid 2>/dev/null || true
  echo "$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$name.$round.wrk.txt") $coded"
}

declare -A RPS
for ((r = 1; r <= ROUNDS; r++)); do
  for name in kamaelia netty; do
    read -r rps coded < <(one "$name" "$r")
    RPS[$name.$r]=$rps
    printf '   round %d %-8s %8.1f req/s  (%d bytes coded)\n' "$r" "$name" "$rps" "$coded"
  done
  printf '   round %d ratio kamaelia/netty %.3f\n' "$r" "$(echo "${RPS[kamaelia.$r]} / ${RPS[netty.$r]}" | bc -l)"
done
python3 - "$ROUNDS" "${RPS[@]+"$(for k in "${!RPS[@]}"; do echo "$k=${RPS[$k]}"; done)"}" <<'PY'
import statistics, sys
rounds = int(sys.argv[1]); rps = dict(line.split("=") for line in sys.argv[2].split())
k = [float(rps[f"kamaelia.{r}"]) for r in range(1, rounds + 1)]
n = [float(rps[f"netty.{r}"]) for r in range(1, rounds + 1)]
ratios = [a / b for a, b in zip(k, n)]
print(f"== median req/s: kamaelia {statistics.median(k):.1f}, netty {statistics.median(n):.1f}; "
      f"ratio of medians {statistics.median(k) / statistics.median(n):.3f}; "
      f"per-round ratios {', '.join(f'{x:.3f}' for x in ratios)} (median {statistics.median(ratios):.3f})")
PY
