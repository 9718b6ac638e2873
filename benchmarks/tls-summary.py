#!/usr/bin/env python3
"""Medians of a run of benchmarks/run-tls.sh, from its results.txt (also for an earlier run's file).

Usage: benchmarks/tls-summary.py RESULTS [MAX_OTHERS (0.10)]

Each line of RESULTS is one server, round and test: name round test req/s MB/s ms-CPU/request connections/request
others'-share-of-server-CPU others'-share-of-wrk-CPU socket-errors p50-us p99-us. A round of a test is clean when
other processes took at most MAX_OTHERS of either CPU while either server was measured; the ratios are taken
within a round (Kamaelia/Netty for requests per second, Netty/Kamaelia for CPU per request: above 1 means
Kamaelia does better), over every round and over the clean ones.
"""
import statistics
import sys

LABEL = {"a": "(a) keep-alive /hello", "c": "(c) 1 MiB /stream", "d": "(d) Connection: close"}


def main(path, max_others):
    rows = {}
    for line in open(path):
        r = line.split()
        rows[(r[0], r[1], r[2])] = r
    rounds = sorted({k[1] for k in rows}, key=int)
    med = statistics.median
    for test in "acd":
        both = [r for r in rounds if ("kamaelia", r, test) in rows and ("netty", r, test) in rows]
        clean = [r for r in both
                 if all(float(rows[(n, r, test)][i]) <= max_others for n in ("kamaelia", "netty") for i in (7, 8))]

        def figures(which):
            k = [rows[("kamaelia", r, test)] for r in which]
            n = [rows[("netty", r, test)] for r in which]
            rps = [float(a[3]) / float(b[3]) for a, b in zip(k, n)]
            cpu = [float(b[5]) / float(a[5]) for a, b in zip(k, n)]
            return (f"req/s kamaelia {med(float(a[3]) for a in k):.0f}, netty {med(float(b[3]) for b in n):.0f},"
                    f" kamaelia/netty {med(rps):.2f} (rounds {', '.join(f'{x:.2f}' for x in rps)});"
                    f" ms CPU/request kamaelia {med(float(a[5]) for a in k):.3f}, netty {med(float(b[5]) for b in n):.3f},"
                    f" netty/kamaelia {med(cpu):.2f} (rounds {', '.join(f'{x:.2f}' for x in cpu)})")

        print(f"== {LABEL[test]:22} all {len(both)} rounds: {figures(both)}")
        if clean:
            print(f"== {LABEL[test]:22} {len(clean)} clean (others <= {max_others:.0%}): {figures(clean)}")
        else:
            print(f"== {LABEL[test]:22} no clean round (others took more than {max_others:.0%} of a CPU in every one)")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.10)
