#!/usr/bin/env node
// What a first visit to each page downloads, in headless Chromium with an empty cache: the bytes
// over the wire (the Resource Timing API's `encodedBodySize`, the body as sent) and as decoded,
// for the page, its wasm and the rest, once the page has hydrated. The editor page is also
// measured after its code editor has loaded (`editor.js`, imported when the page starts).
//
//   make site && node scripts/bench/transfer.mjs
//
// Static files are sent as the copies scripts/precompress.mjs writes (brotli for Chromium); a site
// without them (`BENCH_SITE`) has them gzipped on the fly. docs/benchmarks.md's "before" column
// was measured with a server that compressed nothing.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import net from "node:net";
import { root } from "./studio.mjs";

const freePort = () => new Promise((res) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); }); });

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(path.join(tmpdir(), "ws-transfer-"));
const server = spawn(path.resolve(root, process.env.BENCH_BIN ?? "target/release/widget-studio"), ["serve", "--addr", `127.0.0.1:${port}`, "--database-url", `sqlite://${dir}/bench.db`], {
  cwd: root, env: { ...process.env, LEPTOS_SITE_ROOT: process.env.BENCH_SITE ?? path.join(root, "target/site"), RUST_LOG: "warn" }, stdio: "ignore",
});
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
try {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const doc = { name: "Transfer", kind: "jsx", source: '<Card>\n  <Text value="Hello" />\n</Card>' };
  const created = await fetch(`${base}/api/designs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ document: doc }) });
  if (created.status !== 201) throw new Error(`creating a design: ${created.status}`);
  const { id } = await created.json();
  const pages = ["/", "/designs", "/gallery", "/components", "/preview", "/bench", `/designs/${id}/edit`];

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox"] });
  try {
    console.log("| page | over the wire | decoded | wasm over the wire (decoded) | files |");
    console.log("|---|---|---|---|---|");
    for (const p of pages) {
      // A new context: an empty cache.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(base + p);
      await page.waitForSelector("body[data-hydrated=true]");
      if (p.endsWith("/edit")) await page.waitForSelector(".cm-editor");
      await page.waitForLoadState("networkidle");
      const entries = await page.evaluate(() => [
        ...performance.getEntriesByType("navigation"),
        ...performance.getEntriesByType("resource"),
      ].map((e) => ({ name: e.name, sent: e.encodedBodySize, decoded: e.decodedBodySize })));
      const sum = (xs, k) => xs.reduce((a, e) => a + e[k], 0);
      const wasm = entries.filter((e) => e.name.endsWith(".wasm"));
      const label = p.replace(id, "{id}");
      console.log(`| \`${label}\` | ${kb(sum(entries, "sent"))} | ${kb(sum(entries, "decoded"))} | ${kb(sum(wasm, "sent"))} (${kb(sum(wasm, "decoded"))}) | ${entries.length} |`);
      if (process.env.DUMP) for (const e of entries) console.log(`    ${e.name.replace(base, "")} ${e.sent} ${e.decoded}`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
