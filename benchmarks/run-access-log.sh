#!/usr/bin/env bash
# The access log's cost of docs/access-log.md: test (a) of the shared harness (keep-alive GET /hello, 64
# connections by default) against the bare Kamaelia server (BenchServer) without and with the access log (Combined
# format, written to a file through a buffered sink), interleaved over several rounds (the order flips each round),
# each server pinned to one CPU and wrk to the other, as ../shared/bench/run.sh pins them. Per round and server:
# requests per second, and the server's CPU time per request (utime + stime of the whole process during the
# measurement, over the requests wrk completed; the writer thread shares the pinned CPU, so its work is in it).
# A busy shared machine disturbs the second far less than the first. Prints both ratios (with/without throughput;
# without/with CPU per request: 0.95 means the log costs 5%) per round and as medians, and how busy other processes
# kept the server's CPU (a round with more than a few percent says little about throughput). Installs nothing.
#
#   benchmarks/run-access-log.sh [rounds (5)] [seconds per measurement (8)] [connections (64)] [format (combined)]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}; DURATION=${2:-8}; CONNS=${3:-64}; FORMAT=${4:-combined}
SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
benchmarks/build-classpath.sh
CP="benchmarks/target/kamaelia-http-benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/classpath.txt)"
OUT=$(mktemp -d /tmp/kamaelia-access-log.XXXX)
declare -A FLAGS=([plain]="" [logged]="-Dkamaelia.bench.access-log=$FORMAT -Dkamaelia.bench.access-log.file=$OUT/access.log")
echo "== $(date -Is) rounds $ROUNDS, ${DURATION}s, $CONNS connections, format $FORMAT; server CPU $SERVER_CPU," \
  "wrk CPU $CLIENT_CPU; logs $OUT"

cpu_busy() { # busy clock ticks of CPU $SERVER_CPU (all processes)
  awk -v cpu="cpu$SERVER_CPU" '$1 == cpu {print $2 + $3 + $4 + $7 + $8}' /proc/stat
}

cpu_ticks() { # utime + stime of all threads of a process, in clock ticks
  local f a; f=$(cat /proc/"$1"/stat); read -r -a a <<< "${f##*) }"; echo $((a[11] + a[12]))
}

one() { # NAME ROUND -> prints "requests/s CPU-ms-per-request"
  local name=$1 round=$2 port=$((20000 + RANDOM % 10000)) pid up=0
  # shellcheck disable=SC2086 # the flags are words
  taskset -c "$SERVER_CPU" java -Xms512m -Xmx512m -XX:+UseParallelGC ${FLAGS[$name]} -cp "$CP" \
    org.kamaelia.http.bench.BenchServer "$port" > "$OUT/$name.$round.server.txt" 2>&1 &
  pid=$!
  for _ in $(seq 300); do
    [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/hello")" = 200 ] && { up=1; break; }
    sleep 0.1
  done
  [ $up = 1 ] || { echo "$name did not start" >&2; kill $pid; return 1; }
  taskset -c "$CLIENT_CPU" wrk -t1 -c "$CONNS" -d 10s "http://127.0.0.1:$port/hello" > "$OUT/$name.$round.warmup.txt" 2>&1
  local t0 t1 b0 b1 requests
  t0=$(cpu_ticks $pid); b0=$(cpu_busy)
  taskset -c "$CLIENT_CPU" wrk -t1 -c "$CONNS" -d "${DURATION}s" --latency "http://127.0.0.1:$port/hello" \
    > "$OUT/$name.$round.wrk.txt" 2>&1
  t1=$(cpu_ticks $pid); b1=$(cpu_busy)
  kill $pid; wait $pid 2>/dev/null || true
  requests=$(awk '/requests in/ {print $1}' "$OUT/$name.$round.wrk.txt")
  echo "$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$name.$round.wrk.txt")" \
    "$(echo "($t1 - $t0) * 1000000 / $(getconf CLK_TCK) / $requests" | bc -l)" \
    "$(( (b1 - b0 - (t1 - t0)) * 100 / ($(getconf CLK_TCK) * DURATION) ))"
}

declare -A RPS CPU
for ((r = 1; r <= ROUNDS; r++)); do
  order="plain logged"; [ $((r % 2)) = 0 ] && order="logged plain"
  for name in $order; do
    read -r rps cpu foreign < <(one "$name" "$r")
    RPS[$name.$r]=$rps; CPU[$name.$r]=$cpu
    printf '   round %d %-7s %9.1f req/s  %6.2f us CPU/request  (other processes on the server CPU: %d%%)\n' \
      "$r" "$name" "$rps" "$cpu" "$foreign"
  done
  printf '   round %d logged/plain throughput %.3f, plain/logged CPU per request %.3f\n' "$r" \
    "$(echo "${RPS[logged.$r]} / ${RPS[plain.$r]}" | bc -l)" "$(echo "${CPU[plain.$r]} / ${CPU[logged.$r]}" | bc -l)"
done
[ -s "$OUT/access.log" ] || { echo "the logged server wrote no access log" >&2; exit 1; }
echo "== last line of the access log: $(tail -1 "$OUT/access.log")"
python3 - "$ROUNDS" "$(for k in "${!RPS[@]}"; do echo "$k=${RPS[$k]}=${CPU[$k]}"; done)" <<'PY'
import statistics, sys
rounds = int(sys.argv[1]); runs = {k: (float(a), float(b)) for k, a, b in (l.split("=") for l in sys.argv[2].split())}
med = statistics.median
pr = [runs[f"plain.{r}"][0] for r in range(1, rounds + 1)]; lr = [runs[f"logged.{r}"][0] for r in range(1, rounds + 1)]
pc = [runs[f"plain.{r}"][1] for r in range(1, rounds + 1)]; lc = [runs[f"logged.{r}"][1] for r in range(1, rounds + 1)]
print(f"== median req/s: plain {med(pr):.1f}, logged {med(lr):.1f}; throughput logged/plain: "
      f"of medians {med(lr) / med(pr):.3f}, median of rounds {med([a / b for a, b in zip(lr, pr)]):.3f}")
print(f"== median CPU us/request: plain {med(pc):.2f}, logged {med(lc):.2f}; CPU plain/logged: "
      f"of medians {med(pc) / med(lc):.3f}, median of rounds {med([a / b for a, b in zip(pc, lc)]):.3f}")
PY
