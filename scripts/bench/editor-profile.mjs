#!/usr/bin/env node
// Where a keystroke's time goes in the editor: types KEYS characters (default 40) into the
// 500-node design of editor.mjs with the CPU profiler on, then prints the top functions by
// self and inclusive time (milliseconds per keystroke).
//
//   make test-site && BENCH_BIN=target/debug/widget-studio KEYS=40 TOP=50 node scripts/bench/editor-profile.mjs
import { cpuProfile, cursorInTitle, openBigEditor, profileTimes, topLines, withStudio } from "./studio.mjs";
const KEYS = Number(process.env.KEYS ?? 40);
const TOP = Number(process.env.TOP ?? 40);
await withStudio("/", async (page) => {
  await openBigEditor(page);
  await cursorInTitle(page);
  await page.waitForTimeout(500);
  const profile = await cpuProfile(page, async () => {
    for (let i = 0; i < KEYS; i++) {
      await page.keyboard.press("x");
      await page.waitForTimeout(80);
    }
  });
  const { self, incl } = profileTimes(profile);
  console.log(`${KEYS} keystrokes`);
  console.log("SELF\n" + topLines(self, TOP, KEYS, "ms/key"));
  console.log("INCL\n" + topLines(incl, TOP, KEYS, "ms/key"));
});
