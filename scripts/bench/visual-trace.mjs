#!/usr/bin/env node
// Where a visual edit's time goes (a Chrome trace and a CPU profile): sets the Badge's colour in
// the inspector EDITS times (as visual.mjs does) and prints, per edit, the browser's phases and
// the top functions by inclusive time.
//
//   make test-site && BENCH_BIN=target/debug/widget-studio EDITS=30 node scripts/bench/visual-trace.mjs
import { bigDesign, withStudio } from "./studio.mjs";
const EDITS = Number(process.env.EDITS ?? 30);
await withStudio("/", async (page) => {
  const base = new URL(page.url()).origin;
  const created = await (await fetch(`${base}/api/designs`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ document: bigDesign(500, { title: true }).design }) })).json();
  await page.goto(`${base}/designs/${created.id}/edit?theme=light`);
  await page.waitForSelector('[data-testid="code-host"][data-loaded="true"]');
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
  const sum = new Map(); const count = new Map();
  for (const e of events) {
    if (e.ph !== "X" || !e.dur) continue;
    sum.set(e.name, (sum.get(e.name) ?? 0) + e.dur / 1000);
    count.set(e.name, (count.get(e.name) ?? 0) + 1);
  }
  console.log(`${EDITS} edits; per edit:`);
  for (const n of ["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "ParseHTML", "FunctionCall", "EventDispatch", "FireAnimationFrame", "TimerFire"])
    if (sum.has(n)) console.log(`${n.padEnd(20)} ${(sum.get(n) / EDITS).toFixed(2).padStart(7)} ms  (${(count.get(n) / EDITS).toFixed(1)} times)`);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map();
  const key = (f) => `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
  profile.samples.forEach((id, i) => {
    const d = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set(); let cur = id;
    while (cur) { const kk = key(byId.get(cur).callFrame); if (!seen.has(kk)) { seen.add(kk); incl.set(kk, (incl.get(kk) ?? 0) + d); } cur = parent.get(cur); }
  });
  const re = new RegExp(process.env.GREP ?? "app::|widget::|render::|editor.js|morph|\\(program\\)|\\(root\\)|\\(idle\\)|getClientRects|getBoundingClientRect|scrollIntoView");
  console.log([...incl].filter(([k]) => re.test(k)).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 45))
    .map(([k, v]) => `${(v / EDITS).toFixed(2).padStart(7)} ms/edit ${k.replace(/::h[0-9a-f]{16}/, "")}`).join("\n"));
});
