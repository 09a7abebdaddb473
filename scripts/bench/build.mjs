#!/usr/bin/env node
// Live-preview benchmark in the browser: a design's source → parse → evaluate → validate →
// render → painted preview, all in wasm, in headless Chromium. For every corpus `.widget` file
// (its JSX view and default state) and for a generated 500-node JSX view.
//
//   make site && node scripts/bench/build.mjs [--runs N]
//
// Drives the "Build and render" button of /bench. Per sample: put the source in place, wait for
// a frame, then time click → build → DOM → the frame after the next paint. Then "Build 21
// times" reports the median of 21 builds without the DOM (parse + evaluate + validate + render),
// outside the timed click.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { bigDesign, root, stats, withStudio } from "./studio.mjs";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
const corpus = path.resolve(root, process.env.WIDGET_STUDIO_SHARED ?? "../shared", "corpus");

function bigView(n) {
  const { nodes, design } = bigDesign(n);
  return { name: `generated ${nodes}-node view`, text: JSON.stringify(design) };
}

const cases = readdirSync(corpus).filter((f) => f.endsWith(".widget")).sort()
  .map((f) => ({ name: f, text: readFileSync(path.join(corpus, f), "utf8") }));
cases.push(bigView(500));

await withStudio("/bench", async (page) => {
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
  const time = (text) => page.evaluate(async (text) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const target = document.getElementById("bench-target");
    target.innerHTML = "";
    target.removeAttribute("data-build-ms");
    document.getElementById("bench-source").value = text;
    await frame();
    const t0 = performance.now();
    document.getElementById("bench-build").click();
    const tDom = performance.now();
    await frame();
    const t = performance.now() - t0;
    if (!target.querySelector(".wgt-card, .wgt-listview, .wgt-basic")) throw new Error(document.getElementById("bench-status").textContent);
    document.getElementById("bench-repeat").click();
    return [t, Number(target.getAttribute("data-build-ms")), Number(target.getAttribute("data-dom-ms")), tDom - t0];
  }, text);
  console.log(`Live preview in wasm: source → parse → evaluate → validate → render → paint, headless ${version}, ${RUNS} runs\n`);
  console.log("| design | build alone (parse+evaluate+validate+render), median | click → painted preview, median (p95) | runs |");
  console.log("|---|---|---|---|");
  for (const c of cases) {
    // Template-only designs (hand-written Jinja, no view) are built on the server, not in wasm.
    try { await time(c.text); } catch (e) {
      if (!String(e).includes("built on the server")) throw e;
      console.log(`| ${c.name} | template-only: built on the server | – | – |`);
      continue;
    }
    for (let i = 0; i < 2; i++) await time(c.text);
    const paint = [], build = [];
    for (let i = 0; i < RUNS; i++) { const [p, b] = await time(c.text); paint.push(p); build.push(b); }
    const sp = stats(paint), sb = stats(build);
    console.log(`| ${c.name} | ${sb.median.toFixed(3)} ms | ${sp.median.toFixed(1)} ms (p95 ${sp.p95.toFixed(1)}) | ${RUNS} |`);
  }
});
