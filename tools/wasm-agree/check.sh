#!/usr/bin/env bash
# `make wasm-check`: the widget language builds for wasm32 without minijinja, and the browser
# (wasm32, run under node) and the server (native) agree byte for byte on every corpus
# `.widget` file and each of its states, plus hand-written error cases: widget JSON text,
# diagnostics (code, path, line, column, message), source maps, import/export, templates.
#
#   tools/wasm-agree/check.sh              the check
#   tools/wasm-agree/check.sh --self-test  proves the check can fail: the wasm side gets a
#                                          deliberately different input and a difference
#                                          must be reported
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
corpus="${WIDGET_STUDIO_SHARED:-$root/../shared}/corpus"
out="$target/wasm-agree"
self_test=0
[[ "${1:-}" == "--self-test" ]] && self_test=1

echo "wasm-check: cargo build -p widget --target wasm32-unknown-unknown --no-default-features"
cargo build -p widget --target wasm32-unknown-unknown --no-default-features --locked

want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if ! wasm-bindgen --version 2>/dev/null | grep -qF " $want"; then
  echo "wasm-check: needs wasm-bindgen $want (Cargo.lock's) on PATH; found: $(wasm-bindgen --version 2>&1 || true)" >&2
  echo "wasm-check: run scripts/bootstrap, or: cargo install wasm-bindgen-cli --locked --version $want" >&2
  exit 1
fi

echo "wasm-check: building build_all for wasm32 and natively"
cargo build -p wasm-agree --lib --target wasm32-unknown-unknown --locked
cargo build -p wasm-agree --bin wasm-agree --locked
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target nodejs --out-dir "$out/pkg" "$target/wasm32-unknown-unknown/debug/wasm_agree.wasm"

"$target/debug/wasm-agree" input "$corpus" > "$out/input.json"
wasm_input="$out/input.json"
if (( self_test )); then
  # One hand-written case gets other data on the wasm side only.
  wasm_input="$out/input-tampered.json"
  sed 's/"n": 3/"n": 4/' "$out/input.json" > "$wasm_input"
  if cmp -s "$out/input.json" "$wasm_input"; then
    echo "wasm-check --self-test: could not tamper with the input" >&2
    exit 1
  fi
fi

"$target/debug/wasm-agree" build "$out/input.json" > "$out/native.txt"
node tools/wasm-agree/run.mjs "$out/pkg" "$wasm_input" > "$out/wasm.txt"

designs="$(grep -c '"decoded":' "$out/native.txt" || true)"
states="$(grep -c '"state":' "$out/native.txt" || true)"
views="$(grep -c '^{"view":' "$out/native.txt" || true)"
if cmp -s "$out/native.txt" "$out/wasm.txt"; then
  if (( self_test )); then
    echo "wasm-check --self-test: FAILED, the deliberately different input went unnoticed" >&2
    exit 1
  fi
  echo "wasm-check: native and wasm32 agree byte for byte: $designs corpus designs, $states states built, $views hand-written views, $(wc -l < "$out/native.txt") results, $(wc -c < "$out/native.txt") bytes"
else
  echo "wasm-check: native (-) and wasm32 (+) differ:" >&2
  diff "$out/native.txt" "$out/wasm.txt" | cut -c1-400 | head -40 >&2 || true
  if (( self_test )); then
    echo "wasm-check --self-test: ok, the difference was detected"
    exit 0
  fi
  exit 1
fi
