#!/usr/bin/env node
// Where a visual edit's time goes: sets the Badge's colour (inside the `.map`, 62 drawn
// components) EDITS times (default 30) in the inspector of the 500-node design of editor.mjs
// with the CPU profiler on, then prints the top functions by self and inclusive time
// (milliseconds per edit).
//
//   make test-site && BENCH_BIN=target/debug/widget-studio EDITS=30 TOP=50 [PROFILE_OUT=f.cpuprofile] \
//     node scripts/bench/visual-profile.mjs
import { cpuProfile, openBigEditor, profileTimes, topLines, withStudio } from "./studio.mjs";
const EDITS = Number(process.env.EDITS ?? 30);
const TOP = Number(process.env.TOP ?? 40);
await withStudio("/", async (page) => {
  await openBigEditor(page);
  await page.locator(".ws-frame .wgt-badge").first().click();
  await page.waitForSelector('[data-testid="prop-color"]');
  await page.waitForTimeout(500);
  const profile = await cpuProfile(page, async () => {
    for (let i = 0; i < EDITS; i++) {
      const value = i % 2 ? "info" : "success";
      await page.evaluate((value) => {
        const el = document.querySelector('[data-testid="prop-color"]');
        el.value = value;
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }, value);
      await page.waitForTimeout(80);
    }
  });
  // PROFILE_OUT=file.cpuprofile keeps the profile (Chrome DevTools opens it).
  if (process.env.PROFILE_OUT) (await import("node:fs")).writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  const { self, incl } = profileTimes(profile);
  console.log(`${EDITS} visual edits (Badge colour)`);
  console.log("SELF\n" + topLines(self, TOP, EDITS, "ms/edit"));
  console.log("INCL\n" + topLines(incl, TOP, EDITS, "ms/edit"));
});
