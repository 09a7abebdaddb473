#!/usr/bin/env node
// Where a visual edit's time goes (a Chrome trace and a CPU profile): sets the Badge's colour in
// the inspector EDITS times (as visual.mjs does) and prints, per edit, the browser's phases and
// the top functions by inclusive time.
//
//   make test-site && BENCH_BIN=target/debug/widget-studio EDITS=30 [TRACE_OUT=t.json] node scripts/bench/visual-trace.mjs
//   (TRACE_OUT keeps the whole trace, for Chrome DevTools' Performance panel)
import { openBigEditor, profileTimes, topLines, withStudio } from "./studio.mjs";
const EDITS = Number(process.env.EDITS ?? 30);
await withStudio("/", async (page) => {
  await openBigEditor(page);
  await page.locator(process.env.SEL ?? ".ws-frame .wgt-badge").first().click();
  const field = process.env.FIELD ?? "prop-color";
  const values = (process.env.VALUES ?? "success,info").split(",");
  await page.waitForSelector(`[data-testid="${field}"]`);
  await page.waitForTimeout(300);
  const browser = page.context().browser();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
  await cdp.send("Profiler.start");
  for (let i = 0; i < EDITS; i++) {
    await page.evaluate(({ field, value }) => {
      const el = document.querySelector(`[data-testid="${field}"]`);
      el.value = value;
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }, { field, value: values[i % 2] });
    await page.waitForTimeout(80);
  }
  const { profile } = await cdp.send("Profiler.stop");
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  // TRACE_OUT=file.json keeps the trace (Chrome DevTools' Performance panel opens it).
  if (process.env.TRACE_OUT) (await import("node:fs")).writeFileSync(process.env.TRACE_OUT, JSON.stringify({ traceEvents: events }));
  const sum = new Map(); const count = new Map();
  for (const e of events) {
    if (e.ph !== "X" || !e.dur) continue;
    sum.set(e.name, (sum.get(e.name) ?? 0) + e.dur / 1000);
    count.set(e.name, (count.get(e.name) ?? 0) + 1);
  }
  console.log(`${EDITS} edits; per edit:`);
  for (const n of ["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "ParseHTML", "FunctionCall", "EventDispatch", "FireAnimationFrame", "TimerFire"])
    if (sum.has(n)) console.log(`${n.padEnd(20)} ${(sum.get(n) / EDITS).toFixed(2).padStart(7)} ms  (${(count.get(n) / EDITS).toFixed(1)} times)`);
  const { incl } = profileTimes(profile);
  const re = new RegExp(process.env.GREP ?? "app::|widget::|render::|editor.js|morph|\\(program\\)|\\(root\\)|\\(idle\\)|getClientRects|getBoundingClientRect|scrollIntoView");
  console.log(topLines(incl, Number(process.env.TOP ?? 45), EDITS, "ms/edit", (k) => re.test(k)));
});
