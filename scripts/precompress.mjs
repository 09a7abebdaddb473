#!/usr/bin/env node
// Writes a brotli (`.br`) and a gzip (`.gz`) copy next to every compressible file of the built
// site (the wasm bundles, their JS glue, the CSS, the editor's JavaScript), which the server sends
// to browsers that accept them (leptos_axum serves static files with tower-http's `ServeDir`,
// precompressed gzip and brotli). Without them the wasm went over the wire uncompressed.
// Copies that would not be smaller, and copies of files that are gone, are removed. It also writes
// `precompressed.json` in the site root, the SHA-256 of each file it compressed: the server, when
// it starts, removes any copy whose file no longer matches (server/src/compression.rs).
//   node scripts/precompress.mjs [SITE_ROOT]     (default target/site)
import { brotliCompress, gzip, constants } from "node:zlib";
import { promisify } from "node:util";
import { readdirSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { join, extname, relative, sep } from "node:path";
import { createHash } from "node:crypto";

const root = process.argv[2] ?? "target/site";
if (!existsSync(root)) {
  console.error(`precompress: ${root} does not exist: build the site first`);
  process.exit(1);
}
// Already compressed (images, fonts) or tiny: not worth a copy. The server's `COMPRESSIBLE`
// (server/src/compression.rs) is the same list.
const COMPRESSIBLE = new Set([".wasm", ".js", ".mjs", ".css", ".svg", ".json", ".txt", ".map"]);
const MIN_BYTES = 1024;
// server/src/compression.rs's `MANIFEST`.
const MANIFEST = "precompressed.json";

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

const br = promisify(brotliCompress);
const gz = promisify(gzip);
let written = 0;
let removed = 0;
const rows = [];
const manifest = {};
// Every file at once: zlib compresses on libuv's threads.
await Promise.all([...files(root)].map(async (path) => {
  const ext = extname(path);
  // The manifest of the last run is written again below, not compressed.
  if (path === join(root, MANIFEST)) return;
  if (ext === ".br" || ext === ".gz") {
    // A copy whose file is gone (only copies of what this script compresses: an asset such as
    // `data.tar.gz` is left alone).
    const original = path.slice(0, -ext.length);
    const stale = original === join(root, MANIFEST) || !existsSync(original);
    if (COMPRESSIBLE.has(extname(original)) && stale) {
      rmSync(path);
      removed++;
    }
    return;
  }
  if (!COMPRESSIBLE.has(ext)) return;
  const raw = readFileSync(path);
  const [brotli, gzipped] =
    raw.length >= MIN_BYTES
      ? await Promise.all([
          br(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_LGWIN]: 24,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              [constants.BROTLI_PARAM_MODE]:
                ext === ".wasm" ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
            },
          }),
          gz(raw, { level: 9 }),
        ])
      : [null, null];
  const row = { path, raw: raw.length };
  manifest[relative(root, path).split(sep).join("/")] = createHash("sha256").update(raw).digest("hex");
  for (const [suffix, bytes] of [[".br", brotli], [".gz", gzipped]]) {
    const out = path + suffix;
    // Only a copy at least 5% smaller is worth a second file.
    if (bytes && bytes.length < raw.length * 0.95) {
      writeFileSync(out, bytes);
      written++;
      row[suffix] = bytes.length;
    } else if (existsSync(out)) {
      rmSync(out);
      removed++;
    }
  }
  rows.push(row);
}));
rows.sort((a, b) => b.raw - a.raw);
const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(join(root, MANIFEST), JSON.stringify(sorted, null, 1) + "\n");
for (const r of rows.slice(0, 8)) {
  console.log(`precompress: ${r.path} ${r.raw} B, br ${r[".br"] ?? "-"}, gz ${r[".gz"] ?? "-"}`);
}
console.log(`precompress: ${written} copies written, ${removed} removed, under ${root}`);
