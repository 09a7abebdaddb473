#!/usr/bin/env node
// Visual edit → code and painted preview, for a 500-node design, in headless Chromium.
//
//   make site && node scripts/bench/visual.mjs [--runs N]
//   (BENCH_BIN=target/debug/widget-studio for the dev build `make test-site` makes;
//   BENCH_SITE=DIR serves another site root, such as a copy of a release site; DUMP=1 prints
//   every timed edit's work; --throttle R runs the page's CPU R times slower, Chrome's own
//   emulation, to see the margin a slower machine would have)
//
// Each run changes one prop in the inspector (the `change` event of its field, as Enter or a
// blur sends it), alternating between two values, and times from that event to a task after
// the paint of the frame that draws the preview's changed DOM (the code editor's text has
// changed by then: the edit is one CodeMirror transaction, dispatched synchronously). It also
// reports the edit's own work: from the event until its task and the reactive updates it
// queued are done. The rest of "painted" is waiting for the display's next frame tick (up to
// 16.7 ms) and the browser's style, layout and paint of that frame. Two cases: a prop of the
// Title (one component) and a prop of the Badge inside the `.map` (one per row, 62 of them).
import { openBigEditor, stats, withStudio } from "./studio.mjs";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 40;
// Edits made before the timed ones, per case: the browser compiles hot wasm and JavaScript
// again, optimised, after the first few edits, so whichever case ran first was slower by
// 3-5 ms at the median. `--warm 0` times the first edits too.
const warmArg = process.argv.indexOf("--warm");
const WARM = warmArg > 0 ? Number(process.argv[warmArg + 1]) : 20;
const throttleArg = process.argv.indexOf("--throttle");
const THROTTLE = throttleArg > 0 ? Number(process.argv[throttleArg + 1]) : 1;

await withStudio("/", async (page) => {
  await openBigEditor(page);
  if (THROTTLE > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  }
  const nodes = await page.evaluate(() => document.querySelectorAll('.ws-frame .wgt *').length);
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
  console.log(`Visual edit → painted preview, ${nodes} preview nodes (light theme), headless ${version}, ${RUNS} edits per case after ${WARM} untimed${THROTTLE > 1 ? `, CPU throttled ${THROTTLE}×` : ""}`);
  console.log("| edit | the edit's work (event → its task and updates done): median | p95 | event → painted: median | p95 | min |");
  console.log("|---|---|---|---|---|---|");
  const cases = [
    { name: "Title: size (one component)", select: ".ws-frame .wgt-title", field: "prop-size", values: ["lg", "xl"], select_: true },
    { name: "Badge in the .map: color (62 components)", select: ".ws-frame .wgt-badge", field: "prop-color", values: ["success", "info"] },
  ];
  for (const c of cases) {
    await page.locator(c.select).first().click();
    await page.waitForSelector(`[data-testid="${c.field}"]`);
    const times = [];
    const works = [];
    for (let i = -WARM; i < RUNS; i++) {
      const value = c.values[(i + WARM) % 2];
      const t = await page.evaluate(async ({ field, value }) => {
        const target = document.querySelector('[data-testid="live-preview"]');
        const code = document.querySelector(".cm-content").textContent;
        const el = document.querySelector(`[data-testid="${field}"]`);
        return await new Promise((resolve) => {
          let t0 = 0;
          let work = 0;
          // The edit's own work ends when its event's task and the reactive updates it queued
          // are done: the first of the next animation frame (which starts only then) and a
          // task queued right after the event (which runs only then, and does not wait for
          // the display's next frame tick).
          const done = () => { if (!work) work = performance.now() - t0; };
          const channel = new MessageChannel();
          channel.port1.onmessage = done;
          // An edit that changes nothing in the preview fails the run, not hangs it.
          const stuck = setTimeout(() => { mo.disconnect(); resolve([-2, 0]); }, 5000);
          // A task after the paint of the frame that draws the change: a message posted from
          // that frame's animation-frame callback. Ours is asked for before the event, so it
          // runs before the studio's own (which queue its after-paint work: the checks, the
          // draft), and the message is posted before that work is queued.
          const afterPaint = () => {
            const after = new MessageChannel();
            after.port1.onmessage = () => {
              after.port1.close();
              channel.port1.close();
              const changed = document.querySelector(".cm-content").textContent !== code;
              resolve(changed ? [performance.now() - t0, work] : [-1, 0]);
            };
            after.port2.postMessage(0);
          };
          let seen = false;
          let framed = false;
          const mo = new MutationObserver(() => {
            mo.disconnect();
            clearTimeout(stuck);
            seen = true;
            // Changed after the first frame (not how the studio works): the next frame draws it.
            if (framed) requestAnimationFrame(afterPaint);
          });
          mo.observe(target, { subtree: true, childList: true, characterData: true, attributes: true });
          t0 = performance.now();
          requestAnimationFrame(() => {
            done();
            framed = true;
            if (seen) afterPaint();
          });
          el.value = value;
          el.dispatchEvent(new Event("change", { bubbles: true }));
          channel.port2.postMessage(0);
        });
      }, { field: c.field, value });
      if (t[0] === -2) throw new Error(`${c.name}: the preview did not change within 5 s`);
      if (t[0] < 0) throw new Error(`${c.name}: the code did not change`);
      if (i >= 0) {
        times.push(t[0]);
        works.push(t[1]);
      }
      await page.waitForTimeout(40);
    }
    const s = stats(times);
    const w = stats(works);
    if (process.env.DUMP) console.log(c.name, works.map((x) => x.toFixed(1)).join(" "));
    console.log(`| ${c.name} | ${w.median.toFixed(1)} ms (min ${w.min.toFixed(1)}) | ${w.p95.toFixed(1)} ms | ${s.median.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.min.toFixed(1)} ms |`);
  }
});
