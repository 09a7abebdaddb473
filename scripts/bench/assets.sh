#!/usr/bin/env bash
# Benchmark of assets (issue 18) on loopback, with curl.
#
#   BENCH_BIN=target/debug/widget-studio scripts/bench/assets.sh [RUNS]
#
# Starts the studio on a free port with a temporary SQLite database and the rate limit off,
# then times (curl's time_total, a new connection each time):
#   - the refusal of a PNG header declaring 100,000 × 100,000 px followed by 4 KiB (413);
#   - the same header followed by 4 MiB (413 after the first kilobyte is read);
#   - the refusal of an HTML file named .png (415);
#   - the upload of a new 8 KiB image and of a new 1 MiB image (201);
#   - GET /assets/ID (8 KiB) and the 304 answer to If-None-Match;
#   - with DESIGNS designs (default 2,000) of about 16 KiB that each use an asset, among as many
#     that use none: the asset list (GET /api/assets, every asset with its users), and the
#     refusal to delete an asset in use (409).
# Prints the median, p99 and max of each in milliseconds. Exits non-zero on a wrong status.
set -euo pipefail
RUNS=${1:-200}
DESIGNS=${DESIGNS:-2000}
BIN=${BENCH_BIN:-target/debug/widget-studio}
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RUST_LOG=warn LEPTOS_SITE_ROOT="$root/target/site" "$root/$BIN" serve --addr "127.0.0.1:$port" \
  --database-url "sqlite://$dir/db.sqlite" --rate-limit 0 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

python3 - "$dir" <<'EOF'
import sys, struct
d = sys.argv[1]
hdr = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 100000, 100000) + bytes([8, 6, 0, 0, 0]) + b"\0\0\0\0"
open(f"{d}/bomb.png", "wb").write(hdr + bytes(4096))
open(f"{d}/bigbomb.png", "wb").write(hdr + bytes(4 << 20))
open(f"{d}/page.png", "wb").write(b"<!doctype html><html><body><script>alert(1)</script></body></html>")
EOF
logo="$root/server/tests/fixtures/assets/logo.png"

# time_ms STATUS CURL-ARGS...: prints the time of one request, fails on another status.
time_ms() {
  local want=$1; shift
  local out
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$@")
  [[ ${out%% *} == "$want" ]] || { echo "wanted $want, got ${out%% *}: $*" >&2; exit 1; }
  python3 -c "print(round(${out#* } * 1000, 3))"
}
stats() {
  python3 -c '
import sys
xs = sorted(float(x) for x in sys.stdin.read().split())
p = lambda q: xs[min(len(xs) - 1, int(q * len(xs)))]
print(f"| {sys.argv[1]} | {len(xs)} | {p(0.5):.2f} | {p(0.99):.2f} | {xs[-1]:.2f} |")' "$1"
}
new_image() { # a new image: the logo with a different tail (its header stays a PNG's)
  python3 -c "import sys; b=bytearray(open('$logo','rb').read()); b += bytes($2 - len(b)); b[-8:] = int(sys.argv[1]).to_bytes(8,'big'); open('$dir/new.png','wb').write(b)" "$1"
}
api="http://127.0.0.1:$port/api/assets"
echo "assets on $BIN, $(nproc) cores, loopback, curl (a new connection each time)"
echo
echo "| request | n | median ms | p99 ms | max ms |"
echo "|---|---|---|---|---|"
for _ in $(seq "$RUNS"); do time_ms 413 -F "file=@$dir/bomb.png" "$api"; done | stats "refuse a 100,000 × 100,000 PNG header + 4 KiB (413)"
for _ in $(seq $((RUNS / 10))); do time_ms 413 -F "file=@$dir/bigbomb.png" "$api"; done | stats "refuse the same header + 4 MiB (413)"
for _ in $(seq "$RUNS"); do time_ms 415 -F "file=@$dir/page.png" "$api"; done | stats "refuse HTML named .png (415)"
for i in $(seq "$RUNS"); do new_image "$i" 8192; time_ms 201 -F "file=@$dir/new.png" "$api"; done | stats "upload a new 8 KiB PNG (201)"
for i in $(seq $((RUNS / 10))); do new_image $((100000 + i)) 1048576; time_ms 201 -F "file=@$dir/new.png" "$api"; done | stats "upload a new 1 MiB PNG (201)"
id=$(sha256sum "$logo" | cut -d' ' -f1)
time_ms 201 -F "file=@$logo" "$api" >/dev/null
for _ in $(seq "$RUNS"); do time_ms 200 "http://127.0.0.1:$port/assets/$id"; done | stats "GET /assets/ID, 8 KiB (200)"
for _ in $(seq "$RUNS"); do time_ms 304 -H "If-None-Match: \"$id\"" "http://127.0.0.1:$port/assets/$id"; done | stats "GET /assets/ID, If-None-Match (304)"

# Designs that use the logo, and as many that use no asset, written with one connection.
python3 - "$port" "$id" "$DESIGNS" <<'EOF'
import http.client, json, sys
port, asset, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
c = http.client.HTTPConnection("127.0.0.1", port)
rows = "\n".join(f'  <Row><Text value="Line {i} of the card, with some words in it" /></Row>' for i in range(200))
for i in range(2 * n):
    img = f'  <Image src="asset:{asset}" alt="Logo" size={{48}} />\n' if i % 2 == 0 else ""
    doc = {"name": f"Design {i:05}", "kind": "jsx", "source": f"<Card>\n{img}{rows}\n</Card>", "default_state": {}}
    c.request("POST", "/api/designs", json.dumps({"document": doc}), {"Content-Type": "application/json"})
    r = c.getresponse(); r.read()
    assert r.status == 201, (r.status, r.read())
EOF
for _ in $(seq $((RUNS / 10))); do time_ms 200 "$api"; done | stats "GET /api/assets, $DESIGNS designs using an asset (200)"
for _ in $(seq $((RUNS / 10))); do time_ms 409 -X DELETE "$api/$id"; done | stats "DELETE /api/assets/ID in use by $DESIGNS designs (409)"
