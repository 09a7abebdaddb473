# Sourced by the Makefile and scripts: puts the project's tools on PATH.
# cargo-leptos finds tailwindcss, wasm-opt and wasm-bindgen here instead of
# downloading them (which cannot work on a machine without internet access).
_ws_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$_ws_root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export LEPTOS_TAILWIND_VERSION="${LEPTOS_TAILWIND_VERSION:-v4.3.5}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
unset _ws_root
