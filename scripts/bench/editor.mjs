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
import { cursorInTitle, openBigEditor, root, stats, withStudio } from "./studio.mjs";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;

const bundle = readFileSync(path.join(root, "public/js/editor.js"));
console.log(`Editor JS (public/js/editor.js): ${bundle.length} B, ${gzipSync(bundle, { level: 9 }).length} B gzipped\n`);

await withStudio("/", async (page) => {
  await openBigEditor(page);
  const nodes = await page.evaluate(() => document.querySelectorAll('.ws-frame .wgt *').length);
  await cursorInTitle(page);
  // Three clocks per keystroke, all starting at the keydown:
  // - painted: the first task after the frame in which the preview's DOM changed has been
  //   rendered (the change happens inside that frame's animation-frame callback, so a
  //   zero-delay timeout queued there runs once the frame's style, layout and paint are done);
  // - next frame: the same, one animation frame later (what this script measured before
  //   2026-11-30 late: rAF + timeout queued from inside the frame counts one more frame);
  // - event timing: the browser's own keydown → next paint (Event Timing API, whole 8 ms
  //   steps), the figure INP is built from.
  await page.evaluate(() => {
    window.__times = [];
    window.__late = [];
    window.__events = [];
    const target = document.querySelector('[data-testid="live-preview"]');
    let t0 = null;
    document.addEventListener("keydown", () => { t0 = performance.now(); }, true);
    new MutationObserver(() => {
      if (t0 === null) return;
      const start = t0; t0 = null;
      setTimeout(() => window.__times.push(performance.now() - start), 0);
      requestAnimationFrame(() => setTimeout(() => window.__late.push(performance.now() - start), 0));
    }).observe(target, { subtree: true, childList: true, characterData: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "keydown") window.__events.push(e.duration);
    }).observe({ type: "event", durationThreshold: 16, buffered: false });
  });
  for (let i = 0; i < RUNS; i++) {
    await page.keyboard.press("x");
    await page.waitForFunction((n) => window.__late.length >= n, i + 1);
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(200);
  const { times, late, events } = await page.evaluate(() => ({ times: window.__times, late: window.__late, events: window.__events }));
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
  console.log(`Keystroke → painted preview, ${nodes} preview nodes (light theme, default state), headless ${version}, ${RUNS} keystrokes`);
  console.log(`| clock | median | p95 | min |`);
  console.log(`|---|---|---|---|`);
  const row = (name, xs) => { const s = stats(xs); console.log(`| ${name} | ${s.median.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.min.toFixed(1)} ms |`); };
  row("painted (task after the frame that drew it)", times);
  row("one frame later (the earlier clock)", late);
  // Keydowns under 16 ms are not reported (the API's floor); they count as 16 here.
  row(`event timing, keydown → next paint (${events.length} of ${RUNS} over 16 ms)`, [...events, ...Array(Math.max(0, RUNS - events.length)).fill(16)]);
});
