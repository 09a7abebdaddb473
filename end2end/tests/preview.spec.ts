import { test, expect, jsEnabled, hydrated } from "./fixtures";

test("preview shows every state in both themes, with width and theme controls", async ({ page }, info) => {
  const resp = await page.goto("/preview?sample=flight&theme=both&width=480");
  expect(resp?.status()).toBe(200);
  if (jsEnabled(info.project.name)) await hydrated(page);
  const frames = page.locator(".ws-frame");
  await expect(frames).toHaveCount(6);
  for (const state of ["default", "delayed", "cancelled"]) {
    for (const theme of ["light", "dark"]) {
      const f = page.locator(`.ws-frame[data-state="${state}"][data-theme="${theme}"]`);
      await expect(f.locator(`.wgt[data-theme="${theme}"]`)).toHaveCount(1);
      expect((await f.boundingBox())!.width).toBe(480);
    }
  }
  await expect(page.locator('.ws-frame[data-state="cancelled"][data-theme="light"]').getByRole("button", { name: "Rebook" })).toBeVisible();
  await expect(page.locator('.ws-frame[data-state="delayed"][data-theme="dark"]')).toContainText("Delayed to 09:10");
  await page.screenshot({ path: jsEnabled(info.project.name) ? "docs/screenshots/preview-states.png" : info.outputPath("preview-states.png"), fullPage: true });

  // Theme and width presets are buttons that send the source's form (without JavaScript; with
  // it they change the preview in place); the state picker narrows the grid.
  await expect(page.getByRole("group", { name: "Preview theme" }).getByRole("button", { name: "Both" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("group", { name: "Preview theme" }).getByRole("button", { name: "Dark" }).click();
  await expect(frames).toHaveCount(3);
  await expect(page.locator('.ws-frame[data-theme="light"]')).toHaveCount(0);
  await page.getByRole("group", { name: "Preview width" }).getByRole("button", { name: "360" }).click();
  await expect.poll(async () => (await frames.first().boundingBox())!.width).toBe(360);
  await page.getByRole("group", { name: "State" }).getByRole("button", { name: "delayed" }).click();
  await expect(frames).toHaveCount(1);
  await expect(frames.first()).toHaveAttribute("data-state", "delayed");
  // A custom width.
  await page.getByTestId("custom-width").fill("612");
  await page.getByRole("button", { name: "Set width" }).click();
  // The form posts (a pasted source can be longer than an address may be).
  await expect(page).toHaveURL(/\/preview/);
  await expect.poll(async () => (await frames.first().boundingBox())!.width).toBe(612);
  await expect(frames.first()).toHaveAttribute("data-state", "delayed");
});

test("changing the theme, width or state keeps what was pasted", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "without JavaScript: the next test");
  await page.goto("/preview");
  await hydrated(page);
  await page.getByTestId("source").fill('{"type": "Card", "children": [{"type": "Title", "value": "MY PASTED CARD"}]}');
  const title = page.locator(".ws-frame .wgt-title");
  await expect(title).toHaveText("MY PASTED CARD");
  // Followed in place: no navigation, the paste stays, the address and the chosen link follow.
  // (A mark on the window survives only if the page was not loaded again.)
  await page.evaluate(() => { (window as unknown as { __same?: number }).__same = 1; });
  const width360 = page.getByRole("group", { name: "Preview width" }).getByRole("button", { name: "360" });
  await width360.click();
  await expect.poll(async () => (await page.locator(".ws-frame").first().boundingBox())!.width).toBe(360);
  await expect(width360).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("group", { name: "Preview theme" }).getByRole("button", { name: "Dark" }).click();
  await expect(page.getByRole("group", { name: "Preview theme" }).getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("group", { name: "Preview theme" }).getByRole("button", { name: "Light" })).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator('.ws-frame[data-theme="dark"] .wgt-title')).toHaveText("MY PASTED CARD");
  await expect(page.locator('.ws-frame[data-theme="light"]')).toHaveCount(0);
  await page.getByTestId("custom-width").fill("500");
  await page.getByRole("button", { name: "Set width" }).click();
  await expect.poll(async () => (await page.locator(".ws-frame").first().boundingBox())!.width).toBe(500);
  await expect(width360).toHaveAttribute("aria-pressed", "false");
  await expect(title).toHaveText("MY PASTED CARD");
  await expect(page.getByTestId("source")).toHaveValue(/MY PASTED CARD/);
  await expect(page).toHaveURL(/theme=dark/);
  await expect(page).toHaveURL(/width=500/);
  expect(await page.evaluate(() => (window as unknown as { __same?: number }).__same)).toBe(1);
});

test("without JavaScript the theme, width and state buttons send the source as it is in the box, however long", async ({ page }, info) => {
  test.skip(jsEnabled(info.project.name), "with JavaScript: the test above");
  await page.goto("/preview");
  // Over the 8 KiB a link may carry, and typed without pressing Render.
  const filler = "x".repeat(9000);
  const doc = {
    name: "Long",
    kind: "jsx",
    source: `<Card><Title value={title} /><Caption value="${filler}" /></Card>`,
    default_state: { title: "LONG PASTED CARD" },
    states: [{ name: "other", data: { title: "THE OTHER STATE" } }],
  };
  await page.getByTestId("source").fill(JSON.stringify(doc));
  await page.getByRole("group", { name: "Preview theme" }).getByRole("button", { name: "Dark" }).click();
  await expect(page.locator('.ws-frame[data-theme="dark"] .wgt-title').first()).toHaveText("LONG PASTED CARD");
  await expect(page.locator('.ws-frame[data-theme="light"]')).toHaveCount(0);
  await expect(page.getByTestId("source")).toHaveValue(/LONG PASTED CARD/);
  await page.getByRole("group", { name: "Preview width" }).getByRole("button", { name: "360" }).click();
  await expect.poll(async () => (await page.locator(".ws-frame").first().boundingBox())!.width).toBe(360);
  await page.getByRole("group", { name: "State" }).getByRole("button", { name: "other" }).click();
  await expect(page.locator(".ws-frame")).toHaveCount(1);
  await expect(page.locator('.ws-frame[data-theme="dark"] .wgt-title')).toHaveText("THE OTHER STATE");
  // Every setting kept, and the chosen ones marked.
  await expect(page.getByRole("group", { name: "Preview theme" }).getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("group", { name: "Preview width" }).getByRole("button", { name: "360" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("group", { name: "State" }).getByRole("button", { name: "other" })).toHaveAttribute("aria-pressed", "true");
  expect((await page.getByTestId("source").inputValue()).length).toBeGreaterThan(9000);
});

test("what is typed in /preview survives a reload; beside a sample the address chose it is offered", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft is kept by the page's script");
  await page.goto("/preview");
  await hydrated(page);
  const source = page.getByTestId("source");
  const mine = '{"type": "Card", "children": [{"type": "Title", "value": "KEPT ACROSS A RELOAD"}]}';
  await source.fill(mine);
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("KEPT ACROSS A RELOAD");
  // Reloaded at once: the write waiting for typing to pause is made as the page goes.
  await page.reload();
  await hydrated(page);
  await expect(source).toHaveValue(mine);
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("KEPT ACROSS A RELOAD");
  const note = page.getByTestId("preview-draft");
  await expect(note).toContainText("What you typed here at");
  await expect(note).toContainText("is back");

  // A sample the address chose is shown; the draft is offered beside it, and kept meanwhile.
  await page.goto("/preview?sample=sales");
  await hydrated(page);
  await expect(page.locator(".wgt-chart")).toHaveCount(1);
  await expect(note).toContainText("This browser kept a source you typed here at");
  await source.press("End");
  await source.pressSequentially(" ");
  await expect(note).toContainText("until then, what you type is not kept");
  await page.getByRole("button", { name: "Restore it (in place of what you typed)" }).click();
  await expect(source).toHaveValue(mine);
  await expect(source).toBeFocused();
  await expect(note).toHaveCount(0);
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("KEPT ACROSS A RELOAD");

  // Put back on the bare page, then discarded: the sample comes back, and stays after a reload.
  await page.goto("/preview");
  await hydrated(page);
  await expect(source).toHaveValue(mine);
  await page.getByRole("button", { name: "Discard it (back to the sample)" }).click();
  await expect(source).toHaveValue(/Flight status/);
  await expect(note).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await expect(note).toHaveCount(0);
  expect(await source.inputValue()).not.toEqual(mine);

  // Typed over a sample the address chose, then reloaded: the same page puts it back (it was
  // typed over this very sample), and what is typed after that is kept too.
  await page.goto("/preview?sample=sales");
  await hydrated(page);
  await source.fill(mine.replace("KEPT ACROSS A RELOAD", "OVER THE SALES SAMPLE"));
  await page.reload();
  await hydrated(page);
  await expect(source).toHaveValue(/OVER THE SALES SAMPLE/);
  await expect(note).toContainText("is back");
  await source.fill(mine.replace("KEPT ACROSS A RELOAD", "TYPED AFTER THE RELOAD"));
  await page.reload();
  await hydrated(page);
  await expect(source).toHaveValue(/TYPED AFTER THE RELOAD/);
});

test("a source over 1 MiB is refused in the browser as the server would, without sending it", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the live preview needs JavaScript");
  await page.goto("/preview");
  await hydrated(page);
  const sent: string[] = [];
  page.on("request", (r) => { if (r.method() !== "GET") sent.push(r.url()); });
  const big = '{"type": "Card", "children": [{"type": "Text", "value": "' + "x".repeat(1_100_000) + '"}]}';
  const source = page.getByTestId("source");
  await source.fill(big);
  await expect(page.locator("main")).toContainText("the source is 1100061 bytes; the preview builds at most 1048576 bytes (1 MiB)");
  await source.press("End");
  await source.pressSequentially("  ");
  await expect(page.locator("main")).toContainText("the source is 1100063 bytes");
  expect(sent).toEqual([]);
});

test("the studio's theme toggle keeps the source typed in /preview, with and without JavaScript", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  await page.goto("/preview?sample=sales");
  if (js) await hydrated(page);
  const mine = '{"type": "Card", "children": [{"type": "Title", "value": "KEPT OVER THE THEME"}]}';
  const source = page.getByTestId("source");
  // Typed, not even rendered: it goes along (without JavaScript the toggle sends the form).
  await source.fill(mine);
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(source).toHaveValue(mine);
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("KEPT OVER THE THEME");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await expect(source).toHaveValue(mine);
  // Elsewhere the toggle is the plain form it was.
  await page.goto("/components");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(page).toHaveURL(/\/components$/);
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});

test("editing the source re-renders the preview; errors are located", async ({ page }, info) => {
  await page.goto("/preview?sample=sales");
  const js = jsEnabled(info.project.name);
  if (js) await hydrated(page);
  await expect(page.locator(".wgt-chart")).toHaveCount(1);
  await expect(page.locator(".wgt-chart-bar")).toHaveCount(10);

  const source = page.getByTestId("source");
  await source.fill('{"type": "Card", "children": [{"type": "Title", "value": "Edited live"}]}');
  if (!js) await page.getByRole("button", { name: "Render" }).click();
  await expect(page.locator(".ws-frame .wgt-title")).toHaveText("Edited live");
  // The source box says how it stands (politely, tied to the box), not only the lists.
  await expect(page.getByTestId("source-problems")).toHaveText("No problems.");
  await expect(page.getByTestId("source")).not.toHaveAttribute("aria-invalid", "true");

  await source.fill('{"type": "Card",\n  "children": [{"type": "Text"}]}');
  if (!js) await page.getByRole("button", { name: "Render" }).click();
  const diag = page.getByTestId("diagnostics");
  await expect(diag).toContainText("2:16");
  await expect(diag).toContainText("children[0]");
  await expect(diag).toContainText("value");
  await expect(page.getByTestId("source-problems")).toContainText("1 error,");
  // Marked invalid in the browser (the summary, tied to the box, says it without JavaScript).
  if (js) await expect(page.getByTestId("source")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("source")).toHaveAttribute("aria-describedby", "ws-source-problems");

  await source.fill('{"type": "Card", "children": [}');
  if (!js) await page.getByRole("button", { name: "Render" }).click();
  await expect(page.getByTestId("diagnostics")).toContainText("The source could not be read");
  await expect(page.getByTestId("diagnostics")).toContainText("1:31");
});

test("typing in /preview builds in the browser: a JSX view with states updates and no request reaches the server", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "live typing needs JavaScript");
  await page.goto("/preview?sample=flight");
  await hydrated(page);
  const requests: string[] = [];
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  const source = page.getByTestId("source");
  // A JSX view: parsed, evaluated and validated in wasm.
  await source.fill('<Card><Title value="Typed in the browser" /><Text value={"2 + 3 = " + (2 + 3)} /></Card>');
  await expect(page.locator(".ws-frame .wgt-title")).toHaveText("Typed in the browser");
  await expect(page.locator(".ws-frame .wgt-text")).toHaveText("2 + 3 = 5");
  // An evaluation error is located in the view, still without the server.
  await source.fill("<Card>\n  <Text value={missing.name} />\n</Card>");
  await expect(page.getByTestId("diagnostics")).toContainText("2:");
  await expect(page.getByTestId("diagnostics")).toContainText("missing");
  // A design document with named states draws every state.
  const doc = {
    name: "States",
    kind: "jsx",
    source: "<Card><Text value={label} /></Card>",
    default_state: { label: "default label" },
    states: [{ name: "busy", data: { label: "busy label" } }],
  };
  await source.fill(JSON.stringify(doc));
  await expect(page.locator('.ws-frame[data-state="busy"] .wgt-text').first()).toHaveText("busy label");
  expect(requests, requests.join("\n")).toEqual([]);
});

test("list view 'show more' and chart tooltips work", async ({ page }, info) => {
  await page.goto("/preview?sample=inbox&theme=light");
  if (jsEnabled(info.project.name)) await hydrated(page);
  const frame = page.locator(".ws-frame").first();
  await expect(frame.getByText("Deploy finished")).toBeHidden();
  await frame.getByText("Show 2 more").click();
  await expect(frame.getByText("Deploy finished")).toBeVisible();

  await page.goto("/preview?sample=sales&theme=light");
  const hit = page.locator(".wgt-chart-hit").nth(4);
  await expect(hit.locator(".wgt-chart-tip")).toBeHidden();
  await hit.hover();
  await expect(hit.locator(".wgt-chart-tip")).toBeVisible();
  await expect(hit.locator(".wgt-chart-tip")).toContainText("Fri");
  await expect(hit.locator(".wgt-chart-tip")).toContainText("22");
  await page.screenshot({ path: info.outputPath("chart-tooltip.png") });
});

test("on a phone the default width fits the screen; a second theme is beside it, a sideways scroll away", async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of ["/preview?sample=flight&theme=light", "/preview?sample=flight&theme=both&state=default"]) {
    await page.goto(url);
    if (jsEnabled(info.project.name)) await hydrated(page);
    const frame = page.locator(".ws-frame").first();
    const box = (await frame.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.width).toBeGreaterThan(300);
  }
  // The page itself does not scroll sideways (the grid does, inside).
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(390);
  await page.screenshot({ path: info.outputPath("phone-preview.png"), fullPage: true });
});
