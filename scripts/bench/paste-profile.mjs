#!/usr/bin/env node
// Where the time of one large paste goes: pastes a generated view of ROWS Text rows (default
// 2,300, about 120 KiB) over the editor's text, then prints the long tasks ([start ms after the
// paste, duration ms]) and the CPU profile's top functions by self and inclusive time.
//
//   make site && ROWS=13000 TOP=60 node scripts/bench/paste-profile.mjs
//   (BENCH_BIN=target/debug/widget-studio for the dev build `make test-site` makes)
import { openBigEditor, profileTimes, topLines, withStudio } from "./studio.mjs";
const n = Number(process.env.ROWS ?? 2300);
await withStudio("/", async (page) => {
  await openBigEditor(page, 50);
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
  const { self, incl } = profileTimes(profile);
  const top = (m) => topLines(m, Number(process.env.TOP ?? 40));
  console.log("SELF\n" + top(self)); console.log("INCL\n" + top(incl));
});
