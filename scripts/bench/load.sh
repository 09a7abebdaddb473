#!/usr/bin/env bash
# Load benchmark of the REST API on loopback, bounded in time: wrk against the release binary.
#
#   scripts/bench/load.sh                 SQLite (the default backend)
#   scripts/with-postgres scripts/bench/load.sh --postgres
#
# Prints requests/s and latency percentiles for
#   1. GET /api/designs/{id}             (goal on SQLite: >= 10,000 req/s, p99 < 10 ms)
#   2. PUT /api/designs/{id} (overwrite) (goal on SQLite: >= 1,000 saves/s; each is a revision)
#   3. PUT with base_revision to 64 designs, one writer each (optimistic saves, no conflicts)
# Needs wrk (Debian package `wrk`) and a release build (`cargo build --release -p server`).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$root/target/release/widget-studio"
duration="${DURATION:-10s}"
conns="${CONNS:-32}"
command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$bin" ] || { echo "load.sh: build first: cargo build --release -p server" >&2; exit 2; }

tmp="$(mktemp -d /tmp/ws-load.XXXXXX)"
if [ "${1:-}" = "--postgres" ]; then
  : "${WS_TEST_POSTGRES_URL:?run under scripts/with-postgres}"
  psql "$WS_TEST_POSTGRES_URL" -qc "CREATE DATABASE ws_load" >/dev/null
  url="${WS_TEST_POSTGRES_URL%/*}/ws_load"
else
  url="sqlite://$tmp/db.sqlite"
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
RUST_LOG=warn "$bin" serve --addr "127.0.0.1:$port" --database-url "$url" --rate-limit 0 2>"$tmp/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"

doc='{"name":"Flight status","kind":"jsx","tags":["travel"],"source":"<Card><Title value={title} /><Text value={status} /></Card>","default_state":{"title":"SFO to JFK","status":"On time"}}'
new_design() { curl -sf -X POST "$base/api/designs" -H 'content-type: application/json' -d "{\"document\":$doc}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
id="$(new_design)"

cat >"$tmp/put.lua" <<LUA
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"document":$doc,"overwrite":true,"message":"load"}'
LUA

# Optimistic saves: each connection owns one design and saves on the revision it last got back.
ids=""
for _ in $(seq 64); do ids="$ids\"$(new_design)\","; done
cat >"$tmp/optimistic.lua" <<LUA
local ids = {${ids%,}}
local revs = {}
local turn, last = 0, 1
request = function()
  turn = turn + 1
  last = ((turn - 1) % #ids) + 1
  return wrk.format("PUT", "/api/designs/" .. ids[last], {["Content-Type"] = "application/json"},
    '{"document":$doc,"base_revision":' .. (revs[last] or 1) .. '}')
end
response = function(status, headers, body)
  local rev = tonumber(string.match(body, '"revision":(%d+)'))
  if status == 200 and rev then revs[last] = rev end
end
LUA

report() { # label, wrk output
  local rps p50 p99 errs
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$2")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$2")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$2")"
  errs="$(awk '/Non-2xx/ {print $5}' <<<"$2")"
  printf '%-44s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${errs:-0}"
}

echo "backend: $(curl -s "$base/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["database"]["backend"])'), $(nproc) cores, wrk 1 thread, $conns connections, $duration each"
wrk -t1 -c"$conns" -d2s "$base/api/designs/$id" >/dev/null # warm-up
report "GET /api/designs/{id}" "$(wrk -t1 -c"$conns" -d"$duration" --latency "$base/api/designs/$id")"
report "PUT /api/designs/{id} (overwrite, 1 design)" "$(wrk -t1 -c"$conns" -d"$duration" --latency -s "$tmp/put.lua" "$base/api/designs/$id")"
# wrk runs one connection per request slot; with 1 connection the base revision is always right.
report "PUT with base_revision (1 conn, 64 designs)" "$(wrk -t1 -c1 -d"$duration" --latency -s "$tmp/optimistic.lua" "$base")"
revs="$(curl -s "$base/api/designs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])')"
echo "design $id now has $revs revisions"
