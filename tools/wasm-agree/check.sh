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
bindgen=1
if ! command -v wasm-bindgen > /dev/null; then
  # Still compared: the same module through its C-ABI exports (run.mjs --raw).
  echo "wasm-check: no wasm-bindgen on PATH (scripts/bootstrap installs $want); running the wasm module without its JavaScript glue only" >&2
  bindgen=0
elif ! wasm-bindgen --version | grep -qF " $want"; then
  echo "wasm-check: needs wasm-bindgen $want (Cargo.lock's); found: $(wasm-bindgen --version 2>&1)" >&2
  echo "wasm-check: run scripts/bootstrap, or: cargo install wasm-bindgen-cli --locked --version $want" >&2
  exit 1
fi

echo "wasm-check: building build_all for wasm32 and natively"
cargo build -p wasm-agree --lib --target wasm32-unknown-unknown --locked
cargo build -p wasm-agree --bin wasm-agree --locked
rm -rf "$out"
mkdir -p "$out"
wasm="$target/wasm32-unknown-unknown/debug/wasm_agree.wasm"
if (( bindgen )); then
  wasm-bindgen --target nodejs --out-dir "$out/pkg" "$wasm"
fi

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
sides=(raw)
node tools/wasm-agree/run.mjs --raw "$wasm" "$wasm_input" > "$out/wasm-raw.txt"
if (( bindgen )); then
  sides+=(bindgen)
  node tools/wasm-agree/run.mjs "$out/pkg" "$wasm_input" > "$out/wasm-bindgen.txt"
fi

designs="$(grep -c '"decoded":' "$out/native.txt" || true)"
states="$(grep -c '"state":' "$out/native.txt" || true)"
views="$(grep -c '^{"view":' "$out/native.txt" || true)"
differ=0
for side in "${sides[@]}"; do
  if ! cmp -s "$out/native.txt" "$out/wasm-$side.txt"; then
    differ=1
    echo "wasm-check: native (<) and wasm32 via $side (>) differ:" >&2
    diff "$out/native.txt" "$out/wasm-$side.txt" | cut -c1-400 | head -40 >&2 || true
  fi
done
if (( self_test )); then
  if (( differ )); then
    echo "wasm-check --self-test: ok, the deliberately different input was detected (${sides[*]})"
    exit 0
  fi
  echo "wasm-check --self-test: FAILED, the deliberately different input went unnoticed" >&2
  exit 1
fi
if (( differ )); then
  exit 1
fi
echo "wasm-check: native and wasm32 (${sides[*]}) agree byte for byte: $designs corpus designs, $states states built, $views hand-written views; $(wc -l < "$out/native.txt") results, $(wc -c < "$out/native.txt") bytes"
