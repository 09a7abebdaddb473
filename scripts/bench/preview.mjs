#!/usr/bin/env node
// Preview benchmark: time from new widget JSON to a painted preview, in headless Chromium,
// for widgets of about 50, 500 and 5,000 nodes, against the npm `adaptivecards` renderer on
// the same page with cards of the same shape.
//
//   make site && node scripts/bench/preview.mjs [--runs N]
//
// It starts target/release/widget-studio on a free loopback port with a temporary database,
// drives /bench, prints a Markdown table and stops the server. Each sample: put the JSON in
// place, wait for a frame, then time click → parse → render → DOM → the frame after the next
// paint (requestAnimationFrame, then a task). Medians and p95 over the runs; the two renderers
// alternate so that background noise hits both.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import net from "node:net";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 40;

// One row of ours: Row{Icon, Col{Text, Caption}, Spacer, Badge, Button} = 8 nodes.
function ours(n) {
  const rows = Math.max(1, Math.round((n - 1) / 8));
  const children = [];
  for (let i = 0; i < rows; i++) {
    children.push({ type: "Row", gap: 2, align: "center", children: [
      { type: "Icon", name: "star", color: "warning" },
      { type: "Col", gap: 0, children: [
        { type: "Text", value: `Item ${i}: a line of text`, weight: "semibold" },
        { type: "Caption", value: `Caption ${i}` },
      ] },
      { type: "Spacer" },
      { type: "Badge", label: `#${i}`, color: "info" },
      { type: "Button", label: "Open", size: "sm", onClickAction: { type: "open", payload: { i } } },
    ] });
  }
  return { widget: { type: "Card", children }, nodes: 1 + rows * 8 };
}

// The same card for Adaptive Cards: ColumnSet{Column{TextBlock icon}, Column{TextBlock, TextBlock},
// Column{TextBlock badge}} + ActionSet{Action.Submit} = 8 elements per row.
function adaptive(n) {
  const rows = Math.max(1, Math.round((n - 1) / 8));
  const body = [];
  for (let i = 0; i < rows; i++) {
    body.push({ type: "ColumnSet", columns: [
      { type: "Column", width: "auto", items: [{ type: "TextBlock", text: "★", color: "warning" }] },
      { type: "Column", width: "stretch", items: [
        { type: "TextBlock", text: `Item ${i}: a line of text`, weight: "bolder" },
        { type: "TextBlock", text: `Caption ${i}`, isSubtle: true, size: "small", spacing: "none" },
      ] },
      { type: "Column", width: "auto", items: [{ type: "TextBlock", text: `#${i}`, color: "accent" }] },
    ] });
    body.push({ type: "ActionSet", actions: [{ type: "Action.Submit", title: "Open", data: { i } }] });
  }
  return { card: { type: "AdaptiveCard", version: "1.5", body }, nodes: 1 + rows * 8 };
}

const freePort = () => new Promise((res) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); }); });
const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); const q = (f) => s[Math.min(s.length - 1, Math.floor(f * s.length))]; return { median: q(0.5), p95: q(0.95), min: s[0] }; };

const port = await freePort();
const dir = mkdtempSync(path.join(tmpdir(), "ws-bench-"));
const server = spawn(path.join(root, "target/release/widget-studio"), ["serve", "--addr", `127.0.0.1:${port}`, "--database-url", `sqlite://${dir}/bench.db`], {
  cwd: root, env: { ...process.env, LEPTOS_SITE_ROOT: path.join(root, "target/site"), RUST_LOG: "warn" }, stdio: "ignore",
});
try {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
      // Frames as soon as they are ready, so a measurement does not include waiting for vsync.
      "--disable-frame-rate-limit", "--disable-gpu-vsync"] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/bench`);
  await page.waitForSelector("body[data-hydrated=true]");
  await page.addScriptTag({ path: path.join(root, "node_modules/adaptivecards/dist/adaptivecards.min.js") });
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);

  const timeOurs = (json) => page.evaluate(async (json) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    document.getElementById("bench-target").innerHTML = "";
    document.getElementById("bench-ac").innerHTML = "";
    document.getElementById("bench-source").value = json;
    await frame();
    const t0 = performance.now();
    document.getElementById("bench-run").click();
    void document.getElementById("bench-target").offsetHeight; // style + layout, synchronously
    const t1 = performance.now();
    await frame();
    const t = performance.now() - t0;
    if (!document.querySelector("#bench-target .wgt-card")) throw new Error("ours did not render");
    return [t, t1 - t0];
  }, json);
  const timeAc = (json) => page.evaluate(async (json) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    document.getElementById("bench-target").innerHTML = "";
    const target = document.getElementById("bench-ac");
    target.innerHTML = "";
    await frame();
    const t0 = performance.now();
    const card = new AdaptiveCards.AdaptiveCard();
    card.parse(JSON.parse(json));
    target.replaceChildren(card.render());
    void target.offsetHeight; // style + layout, synchronously
    const t1 = performance.now();
    await frame();
    const t = performance.now() - t0;
    if (!target.querySelector(".ac-adaptiveCard")) throw new Error("adaptivecards did not render");
    return [t, t1 - t0];
  }, json);

  const rows = [];
  for (const n of [50, 500, 5000]) {
    const o = ours(n), a = adaptive(n);
    const oj = JSON.stringify(o.widget), aj = JSON.stringify(a.card);
    const runs = n >= 5000 ? Math.max(10, Math.floor(RUNS / 3)) : RUNS;
    for (let i = 0; i < 3; i++) { await timeOurs(oj); await timeAc(aj); }
    const to = [], ta = [], lo = [], la = [];
    for (let i = 0; i < runs; i++) {
      const [po, wo] = await timeOurs(oj); to.push(po); lo.push(wo);
      const [pa, wa] = await timeAc(aj); ta.push(pa); la.push(wa);
    }
    const so = stats(to), sa = stats(ta), slo = stats(lo), sla = stats(la);
    rows.push(`| ${n} | ${o.nodes} / ${a.nodes} | ${(oj.length / 1024).toFixed(1)} KiB | ${so.median.toFixed(1)} ms (p95 ${so.p95.toFixed(1)}) | ${sa.median.toFixed(1)} ms (p95 ${sa.p95.toFixed(1)}) | ${(so.median / sa.median).toFixed(2)} | ${slo.median.toFixed(1)} / ${sla.median.toFixed(1)} ms | ${runs} |`);
  }
  console.log(`Preview: new JSON → painted preview, headless ${version}, ${RUNS} runs (a third of that at 5,000 nodes)\n`);
  console.log("| target nodes | nodes (ours / adaptivecards) | our JSON | ours: to paint, median | adaptivecards 3.0.6: to paint, median | ours ÷ theirs | to layout, ours / theirs | runs |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  await browser.close();
} finally {
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
