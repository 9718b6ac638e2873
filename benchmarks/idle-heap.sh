#!/bin/bash
# Live heap per idle keep-alive connection, class by class: the harness's test (e) with a class histogram diff.
#   benchmarks/idle-heap.sh TAG N COMMAND...   COMMAND serves /hello on $PORT (quote it: '$PORT')
# e.g. benchmarks/idle-heap.sh kamaelia 10000 java -Xms512m -Xmx512m -XX:+UseParallelGC -cp CORE.jar:BENCH.jar org.kamaelia.http.bench.BenchServer '$PORT'
# Writes TAG.before.txt, TAG.after.txt and the server log to ${HEAP_OUT:-/tmp/kamaelia-idle-heap}; prints the total and the top classes.
ulimit -n $(ulimit -Hn)
TAG=$1; N=$2; shift 2
PORT=$((20000 + RANDOM % 10000))
D=${HEAP_OUT:-/tmp/kamaelia-idle-heap}; mkdir -p "$D"
IDLE=$(cd "$(dirname "$0")/../../shared/bench/tools" && pwd)/idle_conns.py
CMD=$(echo "$*" | sed "s/\\\$PORT/$PORT/g")
taskset -c 0 $CMD > $D/$TAG.srv.log 2>&1 &
PID=$!
for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:$PORT/hello && break; sleep 0.2; done
taskset -c 1 wrk -t1 -c 64 -d 3s http://127.0.0.1:$PORT/hello > /dev/null
jcmd $PID GC.class_histogram > $D/$TAG.before.txt
taskset -c 1 python3 "$IDLE" --port $PORT --conns $N --hold 25 > $D/$TAG.idle.txt 2>&1 &
CL=$!
for i in $(seq 200); do
  c=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
  [ "$c" -ge "$N" ] && break; sleep 0.3
done
sleep 2
jcmd $PID GC.class_histogram > $D/$TAG.after.txt
echo "held: $(ss -Htn state established "( sport = :$PORT )" | wc -l)"
wait $CL
kill $PID; wait $PID 2>/dev/null
python3 - "$D/$TAG.before.txt" "$D/$TAG.after.txt" $N <<'PY'
import sys,re
def load(p):
    d={}; tot=0
    for l in open(p):
        m=re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)',l)
        if m: d[m.group(3)]=(int(m.group(1)),int(m.group(2)))
        m=re.match(r'Total\s+(\d+)\s+(\d+)',l.strip())
        if m: tot=int(m.group(2))
    return d,tot
b,tb=load(sys.argv[1]); a,ta=load(sys.argv[2]); n=int(sys.argv[3])
print("total per conn: %.0f B" % ((ta-tb)/n))
rows=[]
for k in set(a)|set(b):
    ia,ba=a.get(k,(0,0)); ib,bb=b.get(k,(0,0))
    rows.append(((ba-bb)/n,(ia-ib)/n,k))
rows.sort(reverse=True)
for bytes_,inst,k in rows[:45]:
    if abs(bytes_)>=1: print("%7.1f B %6.2f x %s"%(bytes_,inst,k))
PY
