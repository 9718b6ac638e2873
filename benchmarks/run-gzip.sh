#!/usr/bin/env bash
# The gzip comparison of docs/compression.md: GET /gzip (1 MiB of JSON, gzip level 6 through the JDK's zlib) from
# the bare Kamaelia server (BenchServer) and from Netty's HttpContentCompressor (NettyGzipServer), interleaved over
# several rounds (the order flips each round), each server pinned to one CPU and wrk to the other, as
# ../shared/bench/run.sh pins them. Per round and server: requests per second, and the server's CPU time per request
# (utime + stime of the server process during the measurement, over the requests wrk completed), which a busy shared
# machine disturbs far less than throughput. Prints both ratios (Kamaelia/Netty throughput, Netty/Kamaelia CPU per
# request: above 1 means Kamaelia does better) per round and as medians. Installs nothing.
#
#   benchmarks/run-gzip.sh [rounds (5)] [seconds per measurement (8)] [connections (8)]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}; DURATION=${2:-8}; CONNS=${3:-8}
SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
benchmarks/build-classpath.sh
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
  local t0 t1 requests
  t0=$(cpu_ticks $pid)
  taskset -c "$CLIENT_CPU" wrk -t1 -c "$CONNS" -d "${DURATION}s" --latency -H 'Accept-Encoding: gzip' \
    "http://127.0.0.1:$port/gzip" > "$OUT/$name.$round.wrk.txt" 2>&1
  t1=$(cpu_ticks $pid)
  kill $pid; wait $pid 2>/dev/null || true
  requests=$(awk '/requests in/ {print $1}' "$OUT/$name.$round.wrk.txt")
  echo "$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$name.$round.wrk.txt") $coded \
    $(echo "($t1 - $t0) * 1000 / $(getconf CLK_TCK) / $requests" | bc -l)"
}

cpu_ticks() { # utime + stime of all threads of a process, in clock ticks
  local f a; f=$(cat /proc/"$1"/stat); read -r -a a <<< "${f##*) }"; echo $((a[11] + a[12]))
}

declare -A RPS CPU
for ((r = 1; r <= ROUNDS; r++)); do
  order="kamaelia netty"; [ $((r % 2)) = 0 ] && order="netty kamaelia"
  for name in $order; do
    read -r rps coded cpu < <(one "$name" "$r")
    RPS[$name.$r]=$rps; CPU[$name.$r]=$cpu
    printf '   round %d %-8s %8.1f req/s  %7.2f ms CPU/request  (%d bytes coded)\n' "$r" "$name" "$rps" "$cpu" "$coded"
  done
  printf '   round %d kamaelia/netty throughput %.3f, netty/kamaelia CPU per request %.3f\n' "$r" \
    "$(echo "${RPS[kamaelia.$r]} / ${RPS[netty.$r]}" | bc -l)" "$(echo "${CPU[netty.$r]} / ${CPU[kamaelia.$r]}" | bc -l)"
done
python3 - "$ROUNDS" "$(for k in "${!RPS[@]}"; do echo "$k=${RPS[$k]}=${CPU[$k]}"; done)" <<'PY'
import statistics, sys
rounds = int(sys.argv[1]); runs = {k: (float(a), float(b)) for k, a, b in (l.split("=") for l in sys.argv[2].split())}
med = statistics.median
kr = [runs[f"kamaelia.{r}"][0] for r in range(1, rounds + 1)]; nr = [runs[f"netty.{r}"][0] for r in range(1, rounds + 1)]
kc = [runs[f"kamaelia.{r}"][1] for r in range(1, rounds + 1)]; nc = [runs[f"netty.{r}"][1] for r in range(1, rounds + 1)]
print(f"== median req/s: kamaelia {med(kr):.1f}, netty {med(nr):.1f}; throughput ratio kamaelia/netty: "
      f"of medians {med(kr) / med(nr):.3f}, median of rounds {med([a / b for a, b in zip(kr, nr)]):.3f}")
print(f"== median CPU ms/request: kamaelia {med(kc):.2f}, netty {med(nc):.2f}; CPU ratio netty/kamaelia: "
      f"of medians {med(nc) / med(kc):.3f}, median of rounds {med([b / a for a, b in zip(kc, nc)]):.3f}")
PY
