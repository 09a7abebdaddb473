# Widget Studio: the two commands a newcomer needs.
#   make run    install missing tools, build, serve http://127.0.0.1:3000 (SQLite in ./data/)
#   make test   install missing tools, then every check: fmt, clippy, native tests, Playwright
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ENV := source scripts/env.sh &&

.PHONY: run test build bootstrap bootstrap-test fmt lint lint-native lint-wasm unit tsc-check apifuzz e2e site test-site golden wasm-check editor-js hostile

run: bootstrap site
	$(ENV) ./target/release/widget-studio serve

build: bootstrap site

# A test run builds everything once: incremental caches would only double target/ (the CI
# disk is finite), so they are off for it and for every step it runs. Its native builds lint as
# they compile (scripts/clippy-wrap: the workspace's crates go through clippy-driver with
# `-D warnings`), so `unit`'s build is also `lint-native` and `test-site`'s wasm builds are
# `lint-wasm`, without a second, check-only compile of every dependency; every step sets the
# same wrapper, so none of them rebuilds another's crates.
test: export CARGO_INCREMENTAL = 0
test: export RUSTC_WORKSPACE_WRAPPER = $(CURDIR)/scripts/clippy-wrap
test: export CLIPPY_ARGS = -D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
test:
	@scripts/steps bootstrap-test fmt unit hostile tsc-check wasm-check apifuzz test-site e2e
	@echo "make test: all checks passed"

bootstrap:
	@scripts/bootstrap

# Tools are installed with plain rustc, not through `make test`'s clippy wrapper.
bootstrap-test:
	@env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS scripts/bootstrap --test

# The release server binary plus the wasm bundles and CSS in target/site: cargo-leptos builds the
# full bundle (every island), scripts/build-bundles the light one most pages load and the live
# one for /preview and /bench (app/src/bundle.rs); scripts/precompress.mjs writes the brotli and
# gzip copies the server sends.
site: editor-js
	$(ENV) cargo leptos build --release
	scripts/build-bundles --release
	$(ENV) node scripts/precompress.mjs target/site

# The site the tests drive: the wasm compiled with `site`'s size-optimised profile
# (`lib-profile-dev` in Cargo.toml; cargo-leptos skips wasm-opt and JS minification in a dev
# build), served by a dev build of the server, which reuses the dependencies `unit` compiled
# bar the Leptos crates (they read cargo-leptos's settings at compile time: about a minute).
# A release server compiles every dependency again: about ten of the forty-odd minutes.
# It writes target/debug/widget-studio and target/site.
test-site: editor-js
	$(ENV) cargo leptos build
	scripts/build-bundles
	$(ENV) node scripts/precompress.mjs target/site

# The code editor's JavaScript (CodeMirror 6), bundled by esbuild into public/js/editor.js.
editor-js:
	@scripts/build-editor

fmt:
	$(ENV) cargo fmt --all --check

lint: lint-native lint-wasm

lint-native:
	$(ENV) cargo clippy --workspace --exclude frontend --all-targets --locked -- -D warnings

# The hydrate code (the browser's side of the app) is compiled for wasm only.
lint-wasm:
	$(ENV) cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings
	$(ENV) cargo clippy -p frontend --target wasm32-unknown-unknown --features lite --locked -- -D warnings
	$(ENV) cargo clippy -p frontend --target wasm32-unknown-unknown --features live --locked -- -D warnings

# The steps after `unit` select its packages, so that the features (and so the builds) are the
# ones it made: `-p widget` alone would compile widget and its dependants again.
AS_UNIT := --workspace --exclude frontend --locked

# Native tests; the storage tests run on SQLite and on a throwaway PostgreSQL server. Every
# target is built first (the benches too, which are not run), so that under `make test` every
# target is linted. The test binaries then run two at a time (scripts/test-binaries; the same
# binaries and doc tests `cargo test` runs, 104 → 73 s here), slowest first.
unit:
	$(ENV) cargo test --workspace --exclude frontend --all-targets --locked --no-run
	$(ENV) scripts/with-postgres scripts/test-binaries --workspace --exclude frontend --locked

# The chatkit-js target agrees with ChatKit.js's published types: every component and prop of
# the spec at its edge values, type-checked by `tsc --strict` against the pinned
# @openai/chatkit widgets.d.ts, gets the validator's verdict, bar the listed intended
# differences (widget/tests/tsc_agreement.rs). `scripts/chatkit-drift VERSION` runs it
# against another published version. Then the generated client handler stubs
# (widget::actions::stubs::typescript) type-check against its `widgets.onAction` type.
tsc-check:
	$(ENV) cargo test $(AS_UNIT) --test tsc_agreement -- --ignored --nocapture
	$(ENV) cargo test $(AS_UNIT) --test actions_stubs -- --ignored

# The widget language builds for wasm32 without minijinja, and its wasm build (run under node,
# as in the browser) and its native build (the server) give byte-identical widgets, diagnostics
# and source maps for every corpus design and state. `tools/wasm-agree/check.sh --self-test`
# shows it fails on a difference.
wasm-check:
	$(ENV) tools/wasm-agree/check.sh

# schemathesis against /api/openapi.json: generated requests to every operation; no 5xx, and
# every status code, content type and body as documented. Uses the debug binary `unit` built.
apifuzz:
	$(ENV) scripts/api-fuzz

# Hostile traffic against the server binary with its default settings: a zip bomb, heavy
# imports past the concurrency limit, 500 half-sent requests, a stalled body, an idle
# connection (server/tests/hostile.rs; about 40 s; docs/operations.md). Run right after `unit`,
# against the binary it built (WS_HOSTILE_BIN=$PWD/target/release/widget-studio after `make site`
# holds the release build to the same). Built as `unit` built it (the whole workspace's
# features): `-p server` alone would rebuild the crates.
hostile: export WS_HOSTILE_BIN ?= $(CURDIR)/target/debug/widget-studio
hostile:
	$(ENV) cargo test $(AS_UNIT) --test hostile -- --ignored --test-threads=1

# Playwright against the site `test-site` built (E2E_BIN=target/release/widget-studio after
# `make site` runs it against the release build).
e2e: export E2E_BIN ?= target/debug/widget-studio
e2e:
	$(ENV) npx playwright test -c end2end/playwright.config.ts

# Re-record the golden screenshots after an intended visual change (review the diff).
golden: site
	$(ENV) E2E_BIN=target/release/widget-studio npx playwright test -c end2end/playwright.config.ts golden.spec.ts --project js --update-snapshots
