#!/usr/bin/env node
// Editor benchmark in headless Chromium: keystroke → painted preview for a 500-node design,
// typed into the real editor page (CodeMirror → wasm build → DOM → paint), and the weight of
// the editor's JavaScript.
//
//   make site && node scripts/bench/editor.mjs [--runs N]
//
// Each run presses one key inside a string literal the preview shows, and times from the
// keydown (in the page) to the frame after the preview's DOM changed.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { bigDesign, root, stats, withStudio } from "./studio.mjs";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;

const bundle = readFileSync(path.join(root, "public/js/editor.js"));
console.log(`Editor JS (public/js/editor.js): ${bundle.length} B, ${gzipSync(bundle, { level: 9 }).length} B gzipped\n`);

await withStudio("/", async (page) => {
  const base = new URL(page.url()).origin;
  const created = await (await fetch(`${base}/api/designs`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ document: bigDesign(500, { title: true }).design }),
  })).json();
  await page.goto(`${base}/designs/${created.id}/edit?theme=light`);
  await page.waitForSelector("body[data-hydrated=true]");
  await page.waitForSelector('[data-testid="code-host"][data-loaded="true"]');
  const nodes = await page.evaluate(() => document.querySelectorAll('.ws-frame .wgt *').length);
  // Put the cursor after "Items" on line 2.
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
  await page.evaluate(() => {
    window.__times = [];
    const target = document.querySelector('[data-testid="live-preview"]');
    let t0 = null;
    document.addEventListener("keydown", () => { t0 = performance.now(); }, true);
    new MutationObserver(() => {
      if (t0 === null) return;
      const start = t0; t0 = null;
      requestAnimationFrame(() => setTimeout(() => window.__times.push(performance.now() - start), 0));
    }).observe(target, { subtree: true, childList: true, characterData: true });
  });
  for (let i = 0; i < RUNS; i++) {
    await page.keyboard.press("x");
    await page.waitForFunction((n) => window.__times.length >= n, i + 1);
    await page.waitForTimeout(30);
  }
  const times = await page.evaluate(() => window.__times);
  const s = stats(times);
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
  console.log(`Keystroke → painted preview, ${nodes} preview nodes (light theme, default state), headless ${version}, ${RUNS} keystrokes`);
  console.log(`| median | p95 | min |`);
  console.log(`|---|---|---|`);
  console.log(`| ${s.median.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.min.toFixed(1)} ms |`);
});
