#!/usr/bin/env bash
# Endpoint throughput, measured against two baselines in the same run on the same machine:
#   callconsole serve --session (every 2xx only after a durable write)
#   nginx `return 200` (the ceiling for an HTTP server here)
#   a Node http server that JSON.parse()s the event and replies
#   bench_httpfloor: QHttpServer on one thread answering a fixed reply (the floor under any
#   endpoint built on Qt's HTTP server: what is left between it and serve is the console's work)
# wrk: POST of a realistic ~600-byte event, 2 threads, 50 connections, DURATION seconds each.
# Prints req/s, p50/p99 per server, the ratios, and events in the session vs 2xx answered.
# Also the CPU each server used per request (user + system, all its processes/threads): the
# steadier figure when the machine is shared.
# Usage: tests/bench/endpoint/run.sh [BUILD_DIR] [DURATION] [WORKERS]   (on demand; not in ctest)
#   WORKERS: serve --workers (default: serve's own choice, one per core left after the writer's)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
duration=${2:-10}
workers=${3:-}
binary=$build/app/callconsole
floor=$build/tests/bench/endpoint/bench_httpfloor
[ -x "$binary" ] && [ -x "$floor" ] || { echo "build first: $binary or $floor not found" >&2; exit 2; }
workers_args=(); [ -z "$workers" ] || workers_args=(--workers "$workers")

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v node >/dev/null || need+=(nodejs)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

event=$(cat "$root/tests/data/events/call-answered.json" | /usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), separators=(",",":")))')
printf '%s' "$event" > "$work/event.json"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/event.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

# CPU seconds (user + system) used so far by the given processes.
cpu_seconds() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
  done
  echo "$total"
}

# wrk against URL while the processes PIDS... serve it
#   → "req/s p50_ms p99_ms requests non2xx cpu_us_per_request"
# CPU per request is the server's own cost, steadier than req/s on a machine shared with wrk.
measure() {
  local url=$1; shift
  local before after out
  before=$(cpu_seconds "$@")
  out=$(wrk -t2 -c50 -d"${duration}s" --latency -s "$work/post.lua" "$url")
  after=$(cpu_seconds "$@")
  echo "$out" > "$work/last-wrk.txt"
  /usr/bin/python3 - "$work/last-wrk.txt" "$(( after - before ))" "$(getconf CLK_TCK)" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
cpu_seconds = int(sys.argv[2]) / int(sys.argv[3])
def ms(label):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
total = int(re.search(r"(\d+) requests in", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
print(f"{rps:.0f} {ms('50'):.3f} {ms('99'):.3f} {total} {int(non2xx.group(1)) if non2xx else 0} "
      f"{cpu_seconds * 1e6 / max(total, 1):.1f}")
PY
}

# nginx: return 200 with an empty action list
np=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NGX
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  server { listen 127.0.0.1:$np; location / { default_type application/json; return 200 '{"SchemaVersion":"1.0","Actions":[]}'; } }
}
NGX
"$nginx_bin" -c "$work/nginx/nginx.conf" -g 'daemon off;' & pids+=($!)

# Node: parse and reply
nodep=$(free_port)
cat > "$work/server.js" <<'JS'
const http = require('http');
http.createServer((req, res) => {
  let body = '';
  req.on('data', c => body += c);
  req.on('end', () => {
    const event = JSON.parse(body);
    const reply = JSON.stringify({SchemaVersion: '1.0', Actions: event.InvocationEventType === 'CALL_ANSWERED'
      ? [{Type: 'Speak', Parameters: {Text: 'Hello', CallId: event.CallDetails.Participants[0].CallId}}] : []});
    res.writeHead(200, {'Content-Type': 'application/json'});
    res.end(reply);
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
JS
node "$work/server.js" "$nodep" & pids+=($!)
nodepid=$!

results=()
for durability in full process; do
  cp=$(free_port)
  "$binary" serve --port "$cp" "${workers_args[@]}" --session "$work/bench-$durability.ccsession" --durability "$durability" > "$work/serve-$durability.log" 2>&1 & pids+=($!)
  wait_port "$cp"
  results+=("callconsole($durability) $(measure "http://127.0.0.1:$cp/events" "${pids[-1]}")")
  kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  stored=$(/usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from deliveries where rejected=0').fetchone()[0])" "$work/bench-$durability.ccsession")
  results[-1]="${results[-1]} $stored"
done
wait_port "$np"; results+=("nginx $(measure "http://127.0.0.1:$np/" $(cat "$work/nginx/nginx.pid") $(pgrep -P "$(cat "$work/nginx/nginx.pid")")) -")
wait_port "$nodep"; results+=("node $(measure "http://127.0.0.1:$nodep/" "$nodepid") -")
fp=$(free_port)
"$floor" "$fp" > "$work/floor.log" 2>&1 & pids+=($!)
wait_port "$fp"; results+=("qhttpserver-floor $(measure "http://127.0.0.1:$fp/events" "${pids[-1]}") -")

echo "endpoint benchmark: wrk -t2 -c50 -d${duration}s, $(wc -c < "$work/event.json")-byte event, $(nproc) cores, serve --workers ${workers:-default}"
printf '%-22s %10s %9s %9s %10s %8s %10s %10s\n' server req/s p50_ms p99_ms answered non2xx cpu_us/req in_session
for line in "${results[@]}"; do
  # shellcheck disable=SC2086
  set -- $line
  printf '%-22s %10s %9s %9s %10s %8s %10s %10s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8"
done
/usr/bin/python3 - "${results[@]}" <<'PY'
import sys
rows = {r.split()[0]: r.split() for r in sys.argv[1:]}
nginx, node = float(rows["nginx"][1]), float(rows["node"][1])
nginx_cpu, node_cpu = float(rows["nginx"][6]), float(rows["node"][6])
floor = rows["qhttpserver-floor"]
print(f"qhttpserver-floor (Qt's HTTP server alone, one thread, fixed reply): {float(floor[1])/nginx:.2f}x nginx, "
      f"{float(floor[1])/node:.2f}x node, CPU per request {float(floor[6]):.1f} us")
for name in ("callconsole(full)", "callconsole(process)"):
    r = rows[name]
    rps, p99, answered, non2xx, cpu, stored = float(r[1]), float(r[3]), int(r[4]), int(r[5]), float(r[6]), int(r[7])
    lost = (answered - non2xx) - stored
    print(f"{name}: {rps/nginx:.2f}x nginx (target >= 0.30), {rps/node:.2f}x node (target >= 1.2), "
          f"p99 {p99:.2f} ms (target < 5), acknowledged-but-not-stored {max(lost,0)} (target 0; "
          f"{stored} stored, {answered-non2xx} answered 2xx); "
          f"CPU per request {cpu/nginx_cpu:.1f}x nginx's, {cpu/node_cpu:.1f}x node's")
PY
