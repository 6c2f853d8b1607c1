#!/usr/bin/env bash
# A bounded load run of evmatch serve with wrk, on loopback only:
#   bench/serve_load.sh EVMATCH [SECONDS] [CONNECTIONS] [THREADS]
# Starts the server on a free port, POSTs appraisal notes to /v1/tag, prints requests/s and latency
# percentiles, and fails if any request got a non-2xx answer or a socket
# error. No timing is asserted: the figures go in bench/README.md.
set -euo pipefail
EVM=${1:?usage: serve_load.sh EVMATCH [SECONDS] [CONNECTIONS] [THREADS]}
SECS=${2:-10} CONNS=${3:-32} THREADS=${4:-2}
command -v wrk >/dev/null || { echo "wrk not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; rm -rf "$TMP"' EXIT
"$EVM" serve --port 0 >"$TMP/out" 2>"$TMP/err" &
SRV=$!
for _ in $(seq 100); do
  PORT=$(sed -n 's|.*127.0.0.1:\([0-9]*\)/|\1|p' "$TMP/out"); [ -n "$PORT" ] && break; sleep 0.05
done
[ -n "${PORT:-}" ] || { echo "server did not start: $(cat "$TMP/err")" >&2; exit 1; }

cat >"$TMP/load.lua" <<'LUA'
-- Cycles through a few notes; wrk counts non-2xx answers as status errors.
local bodies = {
  '{"text": "Missed the deadline for the monthly returns twice and did not update the team.", "framework": "noms"}',
  '{"text": "Mentored two new starters and set up a buddy rota for the night shift.", "framework": "noms"}',
  '{"text": "Checks every crime report three times, so the backlog keeps growing.", "framework": "police-force"}',
  '{"text": "Kept the minister briefed on the casework backlog and cut turnaround from 12 to 5 days."}',
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/v1/tag", {["Content-Type"] = "application/json"}, bodies[(i % #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d in %.1f s: %.0f req/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, status %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
end
LUA
wrk -t "$THREADS" -c "$CONNS" -d "${SECS}s" --latency -s "$TMP/load.lua" "http://127.0.0.1:$PORT/" >"$TMP/wrk" 2>&1 || { cat "$TMP/wrk"; exit 1; }
grep -E "^(requests|errors)" "$TMP/wrk"
grep -q "^errors: connect 0, read 0, write 0, timeout 0, status 0$" "$TMP/wrk" || { echo "FAILED: errors under load" >&2; cat "$TMP/wrk" >&2; exit 1; }
echo "serve_load: 1 passed, 0 failed"
