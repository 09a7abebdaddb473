#!/usr/bin/env node
// Where a keystroke's time goes in the editor: types KEYS characters (default 40) into the
// 500-node design of editor.mjs with the CPU profiler on, then prints the top functions by
// self and inclusive time (milliseconds over all keystrokes).
//
//   make test-site && BENCH_BIN=target/debug/widget-studio KEYS=40 TOP=50 node scripts/bench/editor-profile.mjs
import { bigDesign, withStudio } from "./studio.mjs";
const KEYS = Number(process.env.KEYS ?? 40);
await withStudio("/", async (page) => {
  const base = new URL(page.url()).origin;
  const created = await (await fetch(`${base}/api/designs`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ document: bigDesign(500, { title: true }).design }) })).json();
  await page.goto(`${base}/designs/${created.id}/edit?theme=light`);
  await page.waitForSelector('[data-testid="code-host"][data-loaded="true"]');
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
  await page.waitForTimeout(500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press("x");
    await page.waitForTimeout(80);
  }
  const { profile } = await cdp.send("Profiler.stop");
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map(); const incl = new Map();
  const key = (f) => `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
  profile.samples.forEach((id, i) => {
    const d = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const k = key(byId.get(id).callFrame);
    self.set(k, (self.get(k) ?? 0) + d);
    const seen = new Set(); let cur = id;
    while (cur) { const kk = key(byId.get(cur).callFrame); if (!seen.has(kk)) { seen.add(kk); incl.set(kk, (incl.get(kk) ?? 0) + d); } cur = parent.get(cur); }
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40))
    .map(([k, v]) => `${(v / KEYS).toFixed(2).padStart(7)} ms/key ${k}`).join("\n");
  console.log(`${KEYS} keystrokes`);
  console.log("SELF\n" + top(self)); console.log("INCL\n" + top(incl));
});
