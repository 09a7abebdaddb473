#!/usr/bin/env node
// Huge pastes in the editor, in headless Chromium: for each paste, how long until the editor
// lists the located error (or draws the preview), the longest main-thread task, and how the
// main thread's busy time splits between the studio's code (its wasm and glue) and CodeMirror
// (public/js/editor.js), from a CPU profile.
//
//   make site && node scripts/bench/paste.mjs
//   PASTE_CASES='view' node scripts/bench/paste.mjs   (only the cases whose names match)
import { bigDesign, withStudio } from "./studio.mjs";

const cases = {
  "4 MiB of binary garbage": () => { const r = "\u0001\u0000\uFFFD<{>\"a"; let s = ""; for (let i = 0; i < 4 << 20; i++) s += r[(i * 7919) % r.length]; return s; },
  "900 KB of binary garbage (under the size limit)": () => { const r = "\u0001\u0000\uFFFD<{>\"a"; let s = ""; for (let i = 0; i < 900000; i++) s += r[(i * 7919) % r.length]; return s; },
  "nesting 5,000 deep (30 KB)": () => "<Card>" + "<Box>".repeat(5000) + "</Card>",
  "nesting 100,000 deep (500 KB)": () => "<Card>" + "<Box>".repeat(100000) + "</Card>",
  "a 24 KiB view (built here)": () => "<Card>\n" + Array.from({ length: 450 }, (_, i) => `  <Text value="row ${i} of a long generated view" />`).join("\n") + "\n</Card>\n",
  "a 120 KiB view (built by the server, plain text in the editor)": () => "<Card>\n" + Array.from({ length: 2300 }, (_, i) => `  <Text value="row ${i} of a long generated view" />`).join("\n") + "\n</Card>\n",
  "a 700 KB view (built by the server, plain text in the editor)": () => "<Card>\n" + Array.from({ length: 13000 }, (_, i) => `  <Text value="row ${i} of a long generated view" />`).join("\n") + "\n</Card>\n",
};

await withStudio("/", async (page) => {
  const base = new URL(page.url()).origin;
  const created = await (await fetch(`${base}/api/designs`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ document: bigDesign(50, { title: true }).design }) })).json();
  await page.goto(`${base}/designs/${created.id}/edit?theme=light`);
  await page.waitForSelector('[data-testid="code-host"][data-loaded="true"]');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  console.log("| paste | bytes | the paste event (synchronous) | error listed or preview drawn | longest task | studio code | CodeMirror |");
  console.log("|---|---|---|---|---|---|---|");
  const pasteText = (text) => {
    const cm = document.querySelector('[data-testid="code-host"] .cm-content');
    cm.focus();
    document.execCommand("selectAll");
    const data = new DataTransfer(); data.setData("text/plain", text);
    cm.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  };
  const small = "<Card>\n  <Title value=\"between cases\" />\n</Card>\n";
  const only = process.env.PASTE_CASES ? new RegExp(process.env.PASTE_CASES) : null;
  for (const [name, make] of Object.entries(cases)) {
    if (only && !only.test(name)) continue;
    // Between cases, a small valid view (so that each case's error or drawing is new), and
    // the case's text made in its own task (so that making it is not counted).
    await page.evaluate(`(${pasteText.toString()})(${JSON.stringify(small)})`);
    await page.waitForFunction(() => document.querySelector(".ws-frame .wgt-title")?.textContent === "between cases"
      && !document.querySelector('[data-testid="problem"]'));
    await page.evaluate((src) => { window.__text = eval(src)(); }, `(${make.toString()})`);
    await page.waitForTimeout(300);
    await cdp.send("Profiler.start");
    const r = await page.evaluate(async () => {
      const text = window.__text;
      const tasks = [];
      const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); });
      po.observe({ type: "longtask" });
      const cm = document.querySelector('[data-testid="code-host"] .cm-content');
      cm.focus();
      document.execCommand("selectAll");
      const data = new DataTransfer(); data.setData("text/plain", text);
      const shown = () => document.querySelector('[data-testid="live-preview"]').innerHTML + (document.querySelector('[data-testid="problem"]')?.textContent ?? "");
      const before = shown();
      const t0 = performance.now();
      cm.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      const sync = performance.now() - t0;
      let done = null;
      while (performance.now() - t0 < 10000) {
        await new Promise((res) => setTimeout(res, 5));
        if (shown() !== before) { done = performance.now() - t0; break; }
      }
      await new Promise((res) => setTimeout(res, 1500));
      po.disconnect();
      return { bytes: new TextEncoder().encode(text).length, sync, done, longest: Math.max(0, ...tasks) };
    });
    const { profile } = await cdp.send("Profiler.stop");
    // Self time by where the code lives.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    let ours = 0, cm = 0;
    profile.samples.forEach((id, i) => {
      const d = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const url = byId.get(id).callFrame.url;
      if (url.includes("widget-studio")) ours += d; else if (url.includes("editor.js")) cm += d;
    });
    console.log(`| ${name} | ${r.bytes.toLocaleString("en")} | ${r.sync.toFixed(1)} ms | ${r.done === null ? "not within 10 s" : r.done.toFixed(0) + " ms"} | ${r.longest ? r.longest.toFixed(0) + " ms" : "none over 50 ms"} | ${ours.toFixed(0)} ms | ${cm.toFixed(0)} ms |`);
  }
});
