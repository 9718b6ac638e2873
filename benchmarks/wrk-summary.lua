-- wrk script for run-tls.sh: one machine-readable line after the human summary, so the script reads counts
-- (requests, bytes, every kind of error) instead of scraping wrk's rounded text.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKSUMMARY requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
