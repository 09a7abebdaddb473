#!/usr/bin/env node
// The browser's own work per keystroke in the editor (a Chrome trace): style recalculation
// (with how many elements it restyled), layout (how many objects), paint and the rest, summed
// over KEYS keystrokes into the 500-node design of editor.mjs and divided by KEYS.
//
//   make test-site && BENCH_BIN=target/debug/widget-studio KEYS=30 node scripts/bench/editor-trace.mjs
import { cursorInTitle, openBigEditor, withStudio } from "./studio.mjs";
const KEYS = Number(process.env.KEYS ?? 30);
await withStudio("/", async (page) => {
  await openBigEditor(page);
  await cursorInTitle(page);
  await page.waitForTimeout(500);
  const browser = page.context().browser();
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press("x");
    await page.waitForTimeout(80);
  }
  const buf = await browser.stopTracing();
  const events = JSON.parse(buf.toString()).traceEvents;
  const sum = new Map(); const count = new Map(); const extra = new Map();
  for (const e of events) {
    if (e.ph !== "X" || !e.dur) continue;
    sum.set(e.name, (sum.get(e.name) ?? 0) + e.dur / 1000);
    count.set(e.name, (count.get(e.name) ?? 0) + 1);
    if (e.name === "UpdateLayoutTree" && e.args?.elementCount) extra.set("restyled elements", (extra.get("restyled elements") ?? 0) + e.args.elementCount);
    if (e.name === "Layout" && e.args?.endData?.layoutRoots) extra.set("layout roots", (extra.get("layout roots") ?? 0) + e.args.endData.layoutRoots.length);
    if (e.name === "Layout" && e.args?.beginData?.dirtyObjects) extra.set("layout dirty objects", (extra.get("layout dirty objects") ?? 0) + e.args.beginData.dirtyObjects);
  }
  const names = ["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "ParseHTML", "FunctionCall", "EventDispatch", "FireAnimationFrame", "TimerFire", "RunTask", "HitTest"];
  console.log(`${KEYS} keystrokes; per keystroke:`);
  for (const n of names) if (sum.has(n)) console.log(`${n.padEnd(20)} ${(sum.get(n) / KEYS).toFixed(2).padStart(7)} ms  (${(count.get(n) / KEYS).toFixed(1)} times)`);
  for (const [k, v] of extra) console.log(`${k.padEnd(20)} ${(v / KEYS).toFixed(0).padStart(7)}`);
});
