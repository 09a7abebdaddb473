import { bigDesign, stats, withStudio } from "./studio.mjs";
await withStudio("/", async (page) => {
  const base = new URL(page.url()).origin;
  const created = await (await fetch(`${base}/api/designs`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ document: bigDesign(500, { title: true }).design }) })).json();
  await page.goto(`${base}/designs/${created.id}/edit?theme=light`);
  await page.waitForSelector("body[data-hydrated=true]");
  await page.waitForSelector('[data-testid="code-host"][data-loaded="true"]');
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+Home"); await page.keyboard.press("ArrowDown"); await page.keyboard.press("End");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
  await page.evaluate(() => {
    window.__times = []; const target = document.querySelector('[data-testid="live-preview"]'); let t0 = null;
    document.addEventListener("keydown", () => { t0 = performance.now(); }, true);
    new MutationObserver(() => { if (t0 === null) return; const start = t0; t0 = null;
      requestAnimationFrame(() => setTimeout(() => window.__times.push(performance.now() - start), 0)); })
      .observe(target, { subtree: true, childList: true, characterData: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  const RUNS = 30;
  for (let i = 0; i < RUNS; i++) { await page.keyboard.press("x"); await page.waitForFunction((n) => window.__times.length >= n, i + 1); await page.waitForTimeout(30); }
  const { profile } = await cdp.send("Profiler.stop");
  const times = await page.evaluate(() => window.__times);
  console.log("keystroke→paint", stats(times));
  // self time per function; and inclusive time per function
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = profile.timeDeltas; const self = new Map(); const incl = new Map();
  profile.samples.forEach((id, i) => {
    const d = (dt[i + 1] ?? 0) / 1000; let n = byId.get(id); const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber})`;
    self.set(name(n), (self.get(name(n)) ?? 0) + d);
    const seen = new Set(); let cur = id;
    while (cur !== undefined) { const nm = name(byId.get(cur)); if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) ?? 0) + d); } cur = parent.get(cur); }
  });
  const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, t]) => `${(t / RUNS).toFixed(2).padStart(7)} ms  ${n.slice(0, 140)}`).join("\n");
  console.log("--- self per keystroke\n" + top(self, 40)); console.log("--- inclusive per keystroke\n" + top(incl, 70));
});
