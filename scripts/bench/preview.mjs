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
import path from "node:path";
import { root, stats, withStudio } from "./studio.mjs";

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


await withStudio("/bench", async (page) => {
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
});
