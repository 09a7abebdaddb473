#!/usr/bin/env node
// Visual edit → code and painted preview, for a 500-node design, in headless Chromium.
//
//   make site && node scripts/bench/visual.mjs [--runs N]
//   (BENCH_BIN=target/debug/widget-studio for the dev build `make test-site` makes)
//
// Each run changes one prop in the inspector (the `change` event of its field, as Enter or a
// blur sends it), alternating between two values, and times from that event to the task after
// the frame in which the preview's DOM changed (the code editor's text has changed by then:
// the edit is one CodeMirror transaction, dispatched synchronously). Two cases: a prop of the
// Title (one component) and a prop of the Badge inside the `.map` (one per row, 62 of them).
import { bigDesign, stats, withStudio } from "./studio.mjs";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 40;

await withStudio("/", async (page) => {
  const base = new URL(page.url()).origin;
  const created = await (await fetch(`${base}/api/designs`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ document: bigDesign(500, { title: true }).design }),
  })).json();
  await page.goto(`${base}/designs/${created.id}/edit?theme=light`);
  await page.waitForSelector("body[data-hydrated=true]");
  await page.waitForSelector('[data-testid="code-host"][data-loaded="true"]');
  const nodes = await page.evaluate(() => document.querySelectorAll('.ws-frame .wgt *').length);
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
  console.log(`Visual edit → painted preview, ${nodes} preview nodes (light theme), headless ${version}, ${RUNS} edits per case`);
  console.log("| edit | median | p95 | min |");
  console.log("|---|---|---|---|");
  const cases = [
    { name: "Title: size (one component)", select: ".ws-frame .wgt-title", field: "prop-size", values: ["lg", "xl"], select_: true },
    { name: "Badge in the .map: color (62 components)", select: ".ws-frame .wgt-badge", field: "prop-color", values: ["success", "info"] },
  ];
  for (const c of cases) {
    await page.locator(c.select).first().click();
    await page.waitForSelector(`[data-testid="${c.field}"]`);
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const value = c.values[i % 2];
      const t = await page.evaluate(async ({ field, value }) => {
        const target = document.querySelector('[data-testid="live-preview"]');
        const code = document.querySelector(".cm-content").textContent;
        const el = document.querySelector(`[data-testid="${field}"]`);
        return await new Promise((resolve) => {
          let t0 = 0;
          const mo = new MutationObserver(() => {
            mo.disconnect();
            setTimeout(() => {
              const changed = document.querySelector(".cm-content").textContent !== code;
              resolve(changed ? performance.now() - t0 : -1);
            }, 0);
          });
          mo.observe(target, { subtree: true, childList: true, characterData: true, attributes: true });
          t0 = performance.now();
          el.value = value;
          el.dispatchEvent(new Event("change", { bubbles: true }));
        });
      }, { field: c.field, value });
      if (t < 0) throw new Error(`${c.name}: the code did not change`);
      times.push(t);
      await page.waitForTimeout(40);
    }
    const s = stats(times);
    console.log(`| ${c.name} | ${s.median.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.min.toFixed(1)} ms |`);
  }
});
