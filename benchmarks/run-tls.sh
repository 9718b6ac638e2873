#!/usr/bin/env bash
# The TLS comparison of docs/performance.md ("TLS against Netty's SslHandler"): the bare Kamaelia server
# (BenchServer with -Dkamaelia.bench.tls) against raw Netty with SslHandler on the JDK's engine (NettyTlsServer).
# Both load one self-signed certificate, made once per run with openssl, and enable TLSv1.3 with
# TLS_AES_128_GCM_SHA256 only (BenchTls). Interleaved over several rounds (the order flips each round), each server
# pinned to one CPU and wrk to the other, as ../shared/bench/run.sh pins them. Per round, server and test: requests
# per second, and the server's CPU time per request (utime + stime of the server process during the measurement,
# over the requests wrk completed), which a busy shared machine disturbs far less than throughput.
#   (a) keep-alive GET /hello, 64 connections
#   (c) GET /stream?parts=64&size=16384 (1 MiB as 64 chunks of 16 KiB), 16 connections
#   (d) GET /hello with Connection: close, 16 connections: one TCP connection and one TLS handshake per request.
#       wrk's OpenSSL keeps the session across its reconnections and the JDK resumes it (a TLS 1.3 PSK with a fresh
#       X25519 exchange: no certificate, no signature). FULL_HANDSHAKES=1 turns resumption off in both servers
#       (-Djdk.tls.server.disableExtensions=pre_shared_key), so that every handshake is a full one.
# Before measuring, each server must answer /hello and /stream correctly over https, close after a Connection: close
# answer, and negotiate exactly what the other negotiates (protocol, suite, group, signature, resumption); during (d)
# the kernel's count of accepted connections must grow by one per request. The script stops otherwise.
# Installs nothing.
#
#   benchmarks/run-tls.sh [rounds (5)] [seconds per measurement (8)]
#   environment: WARMUP (5: seconds per test, all three, before measuring), WARMUP_EACH (3: seconds of each test
#                again right before its own measurement; 0 skips it), KEY (ec: ECDSA P-256; rsa: RSA 2048),
#                FULL_HANDSHAKES (0), SERVER_CPU (0), CLIENT_CPU (1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}; DURATION=${2:-8}
WARMUP=${WARMUP:-5}; WARMUP_EACH=${WARMUP_EACH:-3}; KEY=${KEY:-ec}; FULL_HANDSHAKES=${FULL_HANDSHAKES:-0}
SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
HELLO_CONNS=64; STREAM_CONNS=16; CLOSE_CONNS=16
STREAM_PATH='/stream?parts=64&size=16384'; STREAM_BYTES=1048576
PROTOCOL=TLSv1.3; SUITE=TLS_AES_128_GCM_SHA256
CLK_TCK=$(getconf CLK_TCK)

fail() { echo "run-tls.sh: $*" >&2; exit 1; }
command -v wrk > /dev/null || fail "wrk is not installed"
# grep reads all of ldd's output: with -q it could stop early and pipefail would count ldd's SIGPIPE as a failure
ldd "$(command -v wrk)" | grep libssl > /dev/null || fail "this wrk has no TLS support (it is not linked to OpenSSL)"
for tool in openssl curl taskset python3 /usr/bin/time; do command -v "$tool" > /dev/null || fail "$tool is missing"; done

benchmarks/build-classpath.sh
CP="benchmarks/target/kamaelia-http-benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/classpath.txt)"
OUT=$(mktemp -d /tmp/kamaelia-tls.XXXX)

# one key and certificate for both servers; wrk and curl -k do not verify it
mkdir "$OUT/tls"
case $KEY in
  ec) NEWKEY=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1) ;;
  rsa) NEWKEY=(-newkey rsa:2048) ;;
  *) fail "KEY must be ec or rsa, got $KEY" ;;
esac
openssl req -x509 "${NEWKEY[@]}" -nodes -days 2 -subj /CN=localhost \
  -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' -keyout "$OUT/tls/key.pem" -out "$OUT/tls/cert.pem" 2> /dev/null
openssl pkcs12 -export -in "$OUT/tls/cert.pem" -inkey "$OUT/tls/key.pem" -name bench -passout pass:bench \
  -out "$OUT/tls/server.p12"

JVM=(java -Xms512m -Xmx512m -XX:+UseParallelGC
  -Dkamaelia.bench.tls="$OUT/tls/server.p12" -Dkamaelia.bench.tls.password=bench)
[ "$FULL_HANDSHAKES" = 1 ] && JVM+=(-Djdk.tls.server.disableExtensions=pre_shared_key)
JVM+=(-cp "$CP")
declare -A MAIN=([kamaelia]=org.kamaelia.http.bench.BenchServer [netty]=org.kamaelia.http.bench.NettyTlsServer)
RESULTS=$OUT/results.txt
: > "$RESULTS"
echo "== $(date -Is) rounds $ROUNDS, ${DURATION}s per test, warm-up ${WARMUP}s per test and ${WARMUP_EACH}s again before each; key $KEY;" \
  "full handshakes only: $FULL_HANDSHAKES; server CPU $SERVER_CPU, wrk CPU $CLIENT_CPU; logs $OUT"
echo "== load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(getconf _NPROCESSORS_ONLN) CPUs)"

SERVER_PID=
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2> /dev/null || true
  wait "$SERVER_PID" 2> /dev/null || true
  SERVER_PID=
}
trap stop_server EXIT

cpu_ticks() { # utime + stime of all threads of a process, in clock ticks
  local f a; f=$(cat /proc/"$1"/stat); read -r -a a <<< "${f##*) }"; echo $((a[11] + a[12]))
}
cpu_busy() { # busy and total jiffies of one CPU
  awk -v c="cpu$1" '$1 == c {b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6}' /proc/stat
}
passive_opens() { # TCP connections the kernel has accepted, machine-wide
  awk '/^Tcp:/ {if (seen) print $9; seen = 1}' /proc/net/snmp
}

# what a TLS client sees: protocol, suite, group, signature and whether a second connection resumes the session
tls_facts() { # NAME PORT FILE-PREFIX
  local name=$1 port=$2 out=$3 request
  request='GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'
  # -ign_eof: read until the server closes, so that the session ticket after the handshake is read and saved
  printf "$request" | timeout 10 openssl s_client -connect "127.0.0.1:$port" -servername localhost \
    -sess_out "$out.session.pem" -ign_eof > "$out.s_client.txt" 2>&1 || true
  printf "$request" | timeout 10 openssl s_client -connect "127.0.0.1:$port" -servername localhost \
    -sess_in "$out.session.pem" -ign_eof > "$out.s_client-again.txt" 2>&1 || true
  grep -q 'Hello, World!' "$out.s_client.txt" || fail "$name: no answer through openssl s_client (see $out.s_client.txt)"
  local protocol suite group signature digest resumed=no
  read -r protocol suite < <(awk '/^(New|Reused), / {gsub(",", ""); print $2, $5; exit}' "$out.s_client.txt")
  group=$(awk -F': ' '/^Server Temp Key:/ {split($2, g, ","); print g[1]; exit}' "$out.s_client.txt")
  signature=$(awk -F': ' '/^Peer signature type:/ {print $2; exit}' "$out.s_client.txt")
  digest=$(awk -F': ' '/^Peer signing digest:/ {print $2; exit}' "$out.s_client.txt")
  grep -q '^Reused, ' "$out.s_client-again.txt" && resumed=yes
  [ "$protocol" = "$PROTOCOL" ] && [ "$suite" = "$SUITE" ] \
    || fail "$name negotiated '$protocol $suite', not $PROTOCOL $SUITE (see $out.s_client.txt)"
  echo "$protocol $suite group=$group signature=$signature/$digest resumption=$resumed"
}

check() { # NAME PORT FILE-PREFIX: fails unless the server answers as the harness's peers answer, over https
  local name=$1 port=$2 out=$3 url="https://127.0.0.1:$2" body size
  body=$(curl -sk -m 5 "$url/hello")
  [ "$body" = 'Hello, World!' ] || fail "$name: /hello answered '$body'"
  size=$(curl -sk -m 20 -D "$out.stream-head.txt" "$url$STREAM_PATH" | wc -c)
  [ "$size" = "$STREAM_BYTES" ] && tr -d '\r' < "$out.stream-head.txt" | grep -qi '^transfer-encoding: chunked' \
    || fail "$name: /stream sent $size bytes, or not chunked (see $out.stream-head.txt)"
  # wrk reconnects only when the answer says Connection: close, so (d) would measure keep-alive without it
  curl -sk -m 5 -D "$out.close-head.txt" -o /dev/null -H 'Connection: close' "$url/hello"
  tr -d '\r' < "$out.close-head.txt" | grep -qi '^connection: close' \
    || fail "$name: the answer to Connection: close does not say Connection: close (see $out.close-head.txt)"
  curl -sk -m 5 -v -o /dev/null "$url/hello" 2>&1 | grep -q "SSL connection using $PROTOCOL / $SUITE" \
    || fail "$name: curl did not negotiate $PROTOCOL / $SUITE"
}

measure() { # NAME ROUND TEST CONNECTIONS PATH [wrk options...]: one line into $RESULTS
  local name=$1 round=$2 test=$3 conns=$4 path=$5; shift 5
  local log=$OUT/$name.$round.$test.txt c0 c1 b0 t0 b1 t1 cb0 ct0 cb1 ct1 p0 p1
  c0=$(cpu_ticks "$SERVER_PID"); p0=$(passive_opens)
  read -r b0 t0 < <(cpu_busy "$SERVER_CPU"); read -r cb0 ct0 < <(cpu_busy "$CLIENT_CPU")
  /usr/bin/time -f '%U %S' -o "$log.time" taskset -c "$CLIENT_CPU" wrk -t1 -c "$conns" -d "${DURATION}s" \
    --timeout 5s --latency -s benchmarks/wrk-summary.lua "$@" "https://127.0.0.1:$PORT$path" > "$log" 2>&1
  c1=$(cpu_ticks "$SERVER_PID"); p1=$(passive_opens)
  read -r b1 t1 < <(cpu_busy "$SERVER_CPU"); read -r cb1 ct1 < <(cpu_busy "$CLIENT_CPU")
  local summary; summary=$(grep '^WRKSUMMARY ' "$log" | cut -d' ' -f2-) || fail "$name $test: wrk failed (see $log)"
  python3 - "$name" "$round" "$test" "$summary" "$((c1 - c0))" "$((p1 - p0))" "$((b1 - b0))" "$((t1 - t0))" \
    "$((cb1 - cb0))" "$((ct1 - ct0))" "$(cat "$log.time")" "$CLK_TCK" >> "$RESULTS" <<'PY'
import sys
name, rnd, test, summary = sys.argv[1:5]
server, opens, busy, total, cbusy, ctotal = (int(x) for x in sys.argv[5:11])
wrk_ticks = sum(float(x) for x in sys.argv[11].split()) * int(sys.argv[12]); hz = int(sys.argv[12])
s = {k: int(v) for k, v in (kv.split("=") for kv in summary.split())}
if s["requests"] == 0 or s["status"] > 0:
    sys.exit(f"run-tls.sh: {name} {test}: {s['requests']} requests, {s['status']} not 2xx/3xx")
seconds = s["duration_us"] / 1e6
print(name, rnd, test, f"{s['requests'] / seconds:.1f}", f"{s['bytes'] / seconds / 1e6:.1f}",
      f"{server * 1000 / hz / s['requests']:.4f}", f"{opens / s['requests']:.3f}",
      f"{max(0.0, (busy - server) / total):.3f}" if total else "nan",
      f"{max(0.0, (cbusy - wrk_ticks) / ctotal):.3f}" if ctotal else "nan",
      s["connect"] + s["read"] + s["write"] + s["timeout"], s["p50_us"], s["p99_us"])
PY
}

declare -A FACTS
one() { # NAME ROUND
  local name=$1 round=$2 up=0 out=$OUT/$1.$2
  PORT=$((20000 + RANDOM % 10000))
  taskset -c "$SERVER_CPU" "${JVM[@]}" "${MAIN[$name]}" "$PORT" > "$out.server.txt" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do
    kill -0 "$SERVER_PID" 2> /dev/null || break
    [ "$(curl -sk -m 2 -o /dev/null -w '%{http_code}' "https://127.0.0.1:$PORT/hello")" = 200 ] && { up=1; break; }
    sleep 0.1
  done
  [ $up = 1 ] || fail "$name did not answer over https on $PORT (see $out.server.txt)"
  check "$name" "$PORT" "$out"
  FACTS[$name]=$(tls_facts "$name" "$PORT" "$out")
  for other in "${!FACTS[@]}"; do
    [ "${FACTS[$other]}" = "${FACTS[$name]}" ] \
      || fail "the servers negotiate differently: $other '${FACTS[$other]}', $name '${FACTS[$name]}'"
  done
  [ "$round" = 1 ] && echo "   $name: ${FACTS[$name]}"
  local wu=(taskset -c "$CLIENT_CPU" wrk -t1 -d "${WARMUP}s" --timeout 5s)
  "${wu[@]}" -c "$HELLO_CONNS" "https://127.0.0.1:$PORT/hello" > "$out.warmup.txt" 2>&1
  "${wu[@]}" -c "$STREAM_CONNS" "https://127.0.0.1:$PORT$STREAM_PATH" >> "$out.warmup.txt" 2>&1
  "${wu[@]}" -c "$CLOSE_CONNS" -H 'Connection: close' "https://127.0.0.1:$PORT/hello" >> "$out.warmup.txt" 2>&1
  # Each test again just before its measurement, on connections of its own: the JIT's answer to the switch from
  # the last test's workload (and to the first connection turnover after a method was compiled: with a single
  # warm-up, -XX:+PrintCompilation showed 121 methods of Kamaelia's hot path made not entrant and recompiled during
  # (a)'s measurement, Netty alike) then falls in the warm-up instead of in the figures.
  again() { [ "$WARMUP_EACH" = 0 ] || taskset -c "$CLIENT_CPU" wrk -t1 -d "${WARMUP_EACH}s" --timeout 5s "$@"; }
  again -c "$HELLO_CONNS" "https://127.0.0.1:$PORT/hello" >> "$out.warmup.txt" 2>&1
  measure "$name" "$round" a "$HELLO_CONNS" /hello
  again -c "$STREAM_CONNS" "https://127.0.0.1:$PORT$STREAM_PATH" >> "$out.warmup.txt" 2>&1
  measure "$name" "$round" c "$STREAM_CONNS" "$STREAM_PATH"
  again -c "$CLOSE_CONNS" -H 'Connection: close' "https://127.0.0.1:$PORT/hello" >> "$out.warmup.txt" 2>&1
  measure "$name" "$round" d "$CLOSE_CONNS" /hello -H 'Connection: close'
  stop_server
}

report_round() { # ROUND: each test's figures for both servers and the ratios
  python3 - "$1" "$RESULTS" <<'PY'
import sys
rnd, path = sys.argv[1], sys.argv[2]
rows = {(r[0], r[2]): r for r in (l.split() for l in open(path)) if r[1] == rnd}
label = {"a": "(a) keep-alive /hello", "c": "(c) 1 MiB /stream", "d": "(d) Connection: close"}
for test in "acd":
    k, n = rows[("kamaelia", test)], rows[("netty", test)]
    for r in (k, n):
        extra = f"{float(r[4]):7.1f} MB/s" if test == "c" else f"{float(r[6]):5.2f} conns/req"
        print(f"   round {rnd} {label[test]:22} {r[0]:8} {float(r[3]):9.1f} req/s {float(r[5]):7.3f} ms CPU/req"
              f"  {extra}  p50/p99 {int(r[10]) / 1000:.2f}/{int(r[11]) / 1000:.2f} ms  socket errors {r[9]}"
              f"  others' share of server/wrk CPU {float(r[7]):.0%}/{float(r[8]):.0%}")
    print(f"   round {rnd} {label[test]:22} kamaelia/netty req/s {float(k[3]) / float(n[3]):.3f},"
          f" netty/kamaelia CPU per request {float(n[5]) / float(k[5]):.3f}")
PY
}

for ((r = 1; r <= ROUNDS; r++)); do
  order="kamaelia netty"; [ $((r % 2)) = 0 ] && order="netty kamaelia"
  for name in $order; do one "$name" "$r"; done
  report_round "$r"
done
# (d) must have opened one connection per request, or it measured something else (other processes' connections
# only add to the machine-wide count, so fewer than one per request means wrk kept connections open)
awk '$3 == "d" && $7 < 0.95 {print "run-tls.sh: " $1 " round " $2 " (d): " $7 " connections per request"; bad = 1}
     END {exit bad}' "$RESULTS" >&2 || fail "wrk did not reconnect for every request in (d)"
benchmarks/tls-summary.py "$RESULTS"
echo "== $(date -Is) done; load average at end: $(cut -d' ' -f1-3 /proc/loadavg); results $RESULTS"
