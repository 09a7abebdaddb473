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
  const events = [];
  cdp.on("Tracing.dataCollected", (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  await cdp.send("Tracing.start", { categories: "devtools.timeline,blink,v8.execute", transferMode: "ReportEvents" });
  const RUNS = 20;
  for (let i = 0; i < RUNS; i++) { await page.keyboard.press("x"); await page.waitForFunction((n) => window.__times.length >= n, i + 1); await page.waitForTimeout(30); }
  await cdp.send("Tracing.end"); await done;
  const times = await page.evaluate(() => window.__times);
  console.log("keystroke→paint", stats(times));
  const tot = new Map();
  for (const e of events) if (e.ph === "X" && e.dur) tot.set(e.name, (tot.get(e.name) ?? 0) + e.dur / 1000);
  console.log([...tot.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([n, t]) => `${(t / RUNS).toFixed(2).padStart(7)} ms  ${n}`).join("\n"));
});
