#!/usr/bin/env node
// Where the time of one large paste goes: pastes a generated view of ROWS Text rows (default
// 2,300, about 120 KiB) over the editor's text, then prints the long tasks ([start ms after the
// paste, duration ms]) and the CPU profile's top functions by self and inclusive time.
//
//   make site && ROWS=13000 TOP=60 node scripts/bench/paste-profile.mjs
//   (BENCH_BIN=target/debug/widget-studio for the dev build `make test-site` makes)
import { bigDesign, withStudio } from "./studio.mjs";
const n = Number(process.env.ROWS ?? 2300);
await withStudio("/", async (page) => {
  const base = new URL(page.url()).origin;
  const created = await (await fetch(`${base}/api/designs`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ document: bigDesign(50, { title: true }).design }) })).json();
  await page.goto(`${base}/designs/${created.id}/edit?theme=light`);
  await page.waitForSelector('[data-testid="code-host"][data-loaded="true"]');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await page.evaluate((n) => { window.__text = "<Card>\n" + Array.from({ length: n }, (_, i) => `  <Text value="row ${i} of a long generated view" />`).join("\n") + "\n</Card>\n"; }, n);
  await page.waitForTimeout(300);
  await cdp.send("Profiler.start");
  const r = await page.evaluate(async () => {
    const tasks = [];
    const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push([e.startTime, e.duration]); });
    po.observe({ type: "longtask" });
    const cm = document.querySelector('[data-testid="code-host"] .cm-content');
    cm.focus(); document.execCommand("selectAll");
    const data = new DataTransfer(); data.setData("text/plain", window.__text);
    const t0 = performance.now();
    cm.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    await new Promise((res) => setTimeout(res, 5000));
    po.disconnect();
    return { t0, tasks };
  });
  const { profile } = await cdp.send("Profiler.stop");
  console.log(JSON.stringify(r.tasks.map(([s, d]) => [Math.round(s - r.t0), Math.round(d)])));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // timeline: sample times relative to profile start; map each sample to its top-level-ish frames
  let t = profile.startTime; const self = new Map(); const incl = new Map();
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const d = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const f = byId.get(id).callFrame; const k = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + d);
    const seen = new Set(); let cur = id;
    while (cur) { const g = byId.get(cur).callFrame; const kk = `${g.functionName || "(anon)"} ${g.url.split("/").pop()}:${g.lineNumber}`; if (!seen.has(kk)) { seen.add(kk); incl.set(kk, (incl.get(kk) ?? 0) + d); } cur = parent.get(cur); }
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40)).map(([k, v]) => `${v.toFixed(1).padStart(8)} ${k}`).join("\n");
  console.log("SELF\n" + top(self)); console.log("INCL\n" + top(incl));
});
