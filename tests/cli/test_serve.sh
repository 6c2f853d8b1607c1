#!/usr/bin/env bash
# evmatch serve over loopback: routes, malformed and oversized requests,
# concurrent clients, idle timeouts and a graceful SIGTERM.
EVM=$1
. "$(dirname "$0")/lib.sh"

# start [OPTIONS]: runs the server on a free port, sets $PORT and $SRV
start() {
  "$EVM" serve --port 0 "$@" >"$TMP/srv.out" 2>"$TMP/srv.err" &
  SRV=$!
  for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/|\1|p' "$TMP/srv.out")
    [ -n "$PORT" ] && return 0
    sleep 0.05
  done
  echo "server did not start: $(cat "$TMP/srv.err")" >&2
  return 1
}

start --max-body 65536 --timeout 1 --threads 4 || { fail "start"; finish; exit 1; }
ok

# The scenarios live in one Python program (stdlib only) so each can use raw
# sockets where http.client would be too polite.
run python3 - "$PORT" "$EVM" <<'PY'
import http.client, json, socket, subprocess, sys, threading, time
port, evm = int(sys.argv[1]), sys.argv[2]
failures = []
def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)

def call(method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    c.request(method, path, body=data, headers=headers or {"Content-Type": "application/json"})
    r = c.getresponse()
    raw = r.read()
    c.close()
    return r.status, r.getheader("Content-Type"), raw

s, ct, raw = call("GET", "/healthz")
check(s == 200 and json.loads(raw)["frameworks"] == 5, "healthz")
s, ct, raw = call("GET", "/")
check(s == 200 and ct.startswith("text/html") and b"<title>" in raw, "page")
s, ct, raw = call("GET", "/v1/frameworks")
check(s == 200 and len(json.loads(raw)) == 5, "frameworks")
s, ct, raw = call("GET", "/v1/indicators/noms.caring.l2.03.effective")
check(s == 200 and json.loads(raw)["competency"] == "Caring", "indicator")
s, ct, raw = call("GET", "/v1/indicators/nope")
check(s == 404 and json.loads(raw)["error"]["code"] == "notfound", "unknown indicator 404")
s, ct, raw = call("PUT", "/v1/match", b"{}")
check(s == 405, "wrong method 405")

# malformed bodies: a JSON error, never a dropped connection
for body in [b"", b"{", b"{\"text\": 1}", b"\xff\xfe", b"[]", b"{\"text\":\"x\",\"framework\":\"zz\"}"]:
    s, ct, raw = call("POST", "/v1/match", body)
    check(s == 400 and ct == "application/json" and "error" in json.loads(raw), "malformed %r -> %d" % (body, s))

# the API answers what the CLI answers, field for field
text = "I set up a weekly rota so the backlog of 300 cases was cleared two weeks early, and kept my manager updated."
s, ct, raw = call("POST", "/v1/match", {"text": text, "framework": "success-profiles", "top": 3})
cli = subprocess.run([evm, "match", "--framework", "success-profiles", "--top", "3", "--format", "json", "--text", text],
                     capture_output=True, check=True).stdout
check(s == 200 and json.loads(raw) == json.loads(cli), "match equals the CLI")

# oversized: declared length refused before the body is read, and a chunked
# body that grows past the limit refused too
s, ct, raw = call("POST", "/v1/match", b"x" * 70000)
check(s == 413 and json.loads(raw)["error"]["code"] == "limit", "oversized declared -> %d" % s)
sock = socket.create_connection(("127.0.0.1", port), timeout=20)
sock.sendall(b"POST /v1/match HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
chunk = b"a" * 8192
try:
    for _ in range(10):
        sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    sock.sendall(b"0\r\n\r\n")
except OSError:
    pass
resp = b""
try:
    while True:
        d = sock.recv(65536)
        if not d:
            break
        resp += d
except OSError:
    pass
sock.close()
check(resp.startswith(b"HTTP/1.1 413"), "oversized chunked -> %r" % resp[:40])

# concurrent clients: 16 threads x 15 requests, every answer right
notes = ["Missed the deadline for the monthly returns twice and did not update the team.",
         "Mentored two new starters and set up a buddy rota for the night shift.",
         "Checks every crime report three times, so the backlog keeps growing."]
want = {}
for n in notes:
    want[n] = json.loads(call("POST", "/v1/tag", {"text": n})[2])
errors = []
def client(k):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(15):
        n = notes[(k + i) % len(notes)]
        c.request("POST", "/v1/tag", body=json.dumps({"text": n}), headers={"Content-Type": "application/json"})
        r = c.getresponse()
        got = json.loads(r.read())
        if r.status != 200 or got != want[n]:
            errors.append((k, i, r.status))
    c.close()
ts = [threading.Thread(target=client, args=(k,)) for k in range(16)]
[t.start() for t in ts]
[t.join() for t in ts]
check(not errors, "concurrent clients: %d wrong answers" % len(errors))

# an idle connection is closed after --timeout (1 s here)
sock = socket.create_connection(("127.0.0.1", port), timeout=10)
sock.sendall(b"POST /v1/match HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"te")
t0 = time.time()
try:
    d = sock.recv(100)
except OSError:
    d = b""
check(d == b"" and time.time() - t0 < 8, "idle connection closed by the read timeout")
sock.close()
print("scenarios: %d failed" % len(failures))
sys.exit(1 if failures else 0)
PY
expect_rc 0 "HTTP scenarios"; expect_out "scenarios: 0 failed"
[ "$RC" -eq 0 ] || cat "$TMP/err" >&2

# SIGTERM with a request in flight: the client has sent half its body when
# the signal comes. The server stops accepting connections, lets that request
# finish (answered in full), then exits 0.
kill -TERM "$SRV"; wait "$SRV"
start || fail "restart"
python3 - "$PORT" "$TMP/half-sent" >"$TMP/inflight.out" 2>&1 <<'PY' &
import json, os, socket, sys, time
port, flag = int(sys.argv[1]), sys.argv[2]
body = json.dumps({"text": "I kept my manager updated about the backlog every Friday. " * 200}).encode()
s = socket.create_connection(("127.0.0.1", port), timeout=30)
s.sendall(b"POST /v1/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
s.sendall(body[: len(body) // 2])
open(flag, "w").close()
time.sleep(1.0)  # the signal arrives now
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    print("new connection accepted while draining")
except OSError:
    print("new connection refused while draining")
s.sendall(body[len(body) // 2:])
resp = b""
while b"\r\n\r\n" not in resp or len(resp.split(b"\r\n\r\n", 1)[1]) < int(resp.lower().split(b"content-length: ")[1].split(b"\r\n")[0]):
    d = s.recv(65536)
    if not d:
        break
    resp += d
head, _, payload = resp.partition(b"\r\n\r\n")
print(head.split(b"\r\n")[0].decode(), len(json.loads(payload)["competencies"]))
PY
CLIENT=$!
for _ in $(seq 100); do [ -e "$TMP/half-sent" ] && break; sleep 0.05; done
sleep 0.2
kill -TERM "$SRV"
wait "$CLIENT"
wait "$SRV"; SRC=$?
[ "$SRC" -eq 0 ] && ok || fail "server exit $SRC after SIGTERM: $(cat "$TMP/srv.err")"
grep -q "^HTTP/1.1 200 OK [1-9]" "$TMP/inflight.out" && ok || fail "request in flight at SIGTERM: $(cat "$TMP/inflight.out")"
grep -q "new connection refused while draining" "$TMP/inflight.out" && ok || fail "draining server accepted a connection"
grep -q "SIGTERM received" "$TMP/srv.err" && ok || fail "shutdown message"

# options and bind errors
run "$EVM" serve --port 70000
expect_rc 2 "--port out of range"
run "$EVM" serve --listen not-an-address --port 0
expect_rc 1 "bad --listen"; expect_err "numeric IPv4 or IPv6"
start || fail "restart"
run "$EVM" serve --port "$PORT"
expect_rc 1 "port in use"; expect_err "cannot listen"
kill -TERM "$SRV"; wait "$SRV"
# `evmatch serve` runs evmatch-serve from beside evmatch; alone, it says so
mkdir -p "$TMP/solo" && cp "$EVM" "$TMP/solo/evmatch"
run env PATH=/usr/bin:/bin "$TMP/solo/evmatch" serve --port 0
expect_rc 1 "serve without evmatch-serve"; expect_err "cannot run evmatch-serve"
finish
