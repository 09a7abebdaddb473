import { test, expect, jsEnabled, hydrated } from "./fixtures";
import type { Page } from "@playwright/test";

/** Opens a gallery design's copy in the editor and returns its id. */
async function useGalleryDesign(page: Page, slug: string, name: string, js: boolean): Promise<string> {
  await page.goto("/gallery");
  if (js) await hydrated(page);
  const card = page.locator(`[data-testid="gallery-item"][data-slug="${slug}"]`);
  await card.getByRole("button", { name: `Use this (${name})` }).click();
  await expect(page).toHaveURL(/\/designs\/[A-Za-z0-9_-]+\/edit$/);
  return page.url().split("/designs/")[1].split("/")[0];
}

test("the A2UI tab draws the design in A2UI's Lit renderer, shows the action a click sends, and selects a report entry's node", async ({ page }, info) => {
  const js = jsEnabled(info.project.name);
  // Nothing may leave the page: every request goes to the studio itself.
  const origin = new URL(info.project.use.baseURL!).origin;
  const elsewhere: string[] = [];
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) elsewhere.push(u);
  });
  const id = await useGalleryDesign(page, "flight_options", "Flight options", js);
  const tab = page.getByTestId("a2ui-tab");
  if (!js) {
    // Without JavaScript the tab says it needs it and points at the saved revision's export
    // on the server; its live parts (Copy, a Download of nothing) are not shown.
    await tab.locator("> summary").click();
    await expect(page.getByTestId("a2ui-no-js")).toBeVisible();
    await expect(page.getByTestId("a2ui-copy")).toBeHidden();
    const href = await tab.getByRole("link", { name: "Download the saved revision's A2UI messages" }).getAttribute("href");
    // The gallery design shows images (studio assets) and has no asset base yet: the export
    // itself says what to set rather than leave references only the studio serves, so the
    // link asks for images without a host inline.
    const bare = `/api/designs/${id}/export?format=a2ui`;
    expect(href).toBe(`${bare}&inline_unhosted=true`);
    const refused = await page.request.get(bare);
    expect(refused.status()).toBe(422);
    expect((await refused.json()).error.message).toContain("asset_base");
    const inline = await page.request.get(href!);
    expect(inline.status()).toBe(200);
    expect(await inline.text()).toContain("data:image/");
    const resp = await page.request.get(`${bare}&asset_base=https://cdn.example.com/w/`);
    expect(resp.status()).toBe(200);
    const messages = await resp.json();
    expect(messages[0].version).toBe("v0.9");
    expect(elsewhere).toEqual([]);
    return;
  }
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  // The renderer's bundle is not loaded until the tab opens.
  const bundles: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/js/a2ui.js")) bundles.push(r.url());
  });
  expect(bundles).toEqual([]);
  await tab.locator("> summary").click();
  const lit = page.getByTestId("a2ui-preview");
  // The texts, inside the Lit renderer's shadow DOM (Playwright's locators pierce it).
  await expect(lit.locator("a2ui-surface")).toBeAttached({ timeout: 15_000 });
  for (const text of ["Northwind Air · 5h 35m · Nonstop", "Solstice Airways · 5h 55m · Nonstop", "SFO → BOS · Fri, May 16 · 1 adult"]) {
    await expect(lit.getByText(text, { exact: true }).first()).toBeVisible();
  }
  expect(bundles.length).toBe(1);
  // The same state drawn by ChatKit, beside it.
  await expect(page.getByTestId("a2ui-chatkit").getByText("Northwind Air").first()).toBeVisible();
  // The shadow root holds them, not the page's own DOM.
  const inShadow = await lit.locator("a2ui-surface").evaluate((el) => el.shadowRoot !== null && !el.textContent?.includes("Northwind Air"));
  expect(inShadow).toBe(true);

  // A click on a row sends its action; the tab shows the message as the renderer sends it.
  await expect(page.getByTestId("a2ui-action")).toContainText("Click a button");
  await lit.getByText("Northwind Air · 5h 35m · Nonstop", { exact: true }).first().click();
  const action = page.getByTestId("a2ui-action");
  await expect(action).toContainText('"name": "flight.select"');
  const sent = JSON.parse((await action.innerText()).trim());
  expect(sent.version).toBe("v0.9");
  expect(sent.action.context).toEqual({ id: "NW218", price: 289 });
  expect(sent.action.surfaceId).toBeTruthy();

  // The messages: the JSON shown is what the copy button copies and the download holds.
  const shown = JSON.parse(await page.getByTestId("a2ui-messages").innerText());
  expect(shown[0].createSurface).toBeTruthy();
  const href = await page.getByTestId("a2ui-download").getAttribute("href");
  expect(JSON.parse(decodeURIComponent(href!.split(",").slice(1).join(",")))).toEqual(shown);
  expect(await page.getByTestId("a2ui-download").getAttribute("download")).toBe("flight-options.a2ui.json");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByTestId("a2ui-copy").click();
  await expect(tab.getByText("Copied.")).toBeVisible();
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(shown);

  // The report: the ternary over the flights will not follow data updates; its entry selects
  // that code.
  const entry = page.getByTestId("a2ui-entry").filter({ hasText: "will not follow data updates" }).first();
  await expect(entry).toBeVisible();
  await entry.getByRole("button").click();
  await expect(page.locator(".cm-editor")).toHaveClass(/cm-focused/);
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? "");
  expect(selected.length).toBeGreaterThan(0);

  // A different state, from the Data tab: both previews follow it.
  await page.getByTestId("tab-data").click();
  await page.getByTestId("state-select").selectOption("sold out");
  await expect(lit.getByText("No flights on this date", { exact: true })).toBeVisible();
  await expect(page.getByTestId("a2ui-chatkit").getByText("No flights on this date")).toBeVisible();
  await expect(page.getByTestId("a2ui-no-js")).toBeHidden();

  // Code with errors: what the tab shows is an older text's export; it says so, and nothing
  // of it is copied or downloaded (the old messages were, as if they were the code's).
  await page.getByTestId("tab-view").click();
  const code = page.getByTestId("code-host").locator(".cm-content");
  await code.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("\n<Text value={");
  await expect(page.getByTestId("stale")).toBeVisible();
  await expect(page.getByTestId("a2ui-stale")).toBeVisible();
  await expect(page.getByTestId("a2ui-copy")).toBeDisabled();
  await expect(page.getByTestId("a2ui-download")).toHaveCount(0);
  await expect(page.getByTestId("a2ui-download-off")).toHaveText("Download (no messages)");
  await page.keyboard.press("Control+Z");
  await expect(page.getByTestId("a2ui-stale")).toHaveCount(0);
  await expect(page.getByTestId("a2ui-download")).toBeVisible();
  await expect(page.getByTestId("a2ui-copy")).toBeEnabled();
  // A view that reads but does not build (an unknown component): the same, and the Lit
  // drawing is marked as the older text's.
  await code.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("<Card>\n  <Nope />\n</Card>\n");
  await expect(page.getByTestId("a2ui-stale")).toBeVisible();
  await expect(lit).toHaveAttribute("data-stale", "true");
  await expect(page.getByTestId("a2ui-copy")).toBeDisabled();
  await expect(page.getByTestId("a2ui-download-off")).toBeVisible();
  expect(elsewhere).toEqual([]);
});

test("icons in the A2UI preview draw with the Material Icons font the studio serves", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the A2UI preview needs JavaScript");
  const origin = new URL(info.project.use.baseURL!).origin;
  const elsewhere: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) elsewhere.push(r.url());
  });
  await useGalleryDesign(page, "profile_card", "Profile card", true);
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  await page.getByTestId("a2ui-tab").locator("> summary").click();
  const lit = page.getByTestId("a2ui-preview");
  const icon = lit.locator("i.material-icons").first();
  await expect(icon).toBeVisible({ timeout: 15_000 });
  await page.waitForFunction(() => [...document.fonts].some((f) => f.family.includes("Material Icons") && f.status === "loaded"));
  // A ligature is one glyph about as wide as it is tall, not the icon's name spelt out.
  const box = (await icon.boundingBox())!;
  expect(box.width).toBeLessThan(box.height * 1.5);
  await page.getByTestId("a2ui-previews").screenshot({ path: "docs/screenshots/a2ui-side-by-side.png" });
  expect(elsewhere).toEqual([]);
});

test("the A2UI preview's headings follow the page's (axe heading-order)", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the Lit renderer runs in the browser");
  // A card's title: A2UI's h5 variant, which the Lit renderer draws as an <h5>. The page's
  // headings lead to it (h3 for the tab's previews, h4 for each frame).
  const r = await page.request.post("/api/designs", { data: { document: {
    name: "Headings", kind: "jsx",
    source: `<Card>\n  <Title value="Small" size="md" />\n  <Text value="Body" />\n</Card>\n`,
  } } });
  expect(r.status()).toBe(201);
  const id = (await r.json()).id;
  await page.goto(`/designs/${id}/edit`);
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  await page.getByTestId("a2ui-tab").locator("> summary").click();
  const lit = page.getByTestId("a2ui-preview");
  await expect(lit.locator("h5")).toHaveText("Small", { timeout: 15_000 });
  // The ChatKit frame beside it draws the title at the same level, under its own caption.
  await expect(page.getByTestId("a2ui-chatkit").locator("h5")).toHaveText("Small");
  const outline = await page.getByTestId("a2ui-tab").evaluate((el) =>
    Array.from(el.querySelectorAll("h3, h4, h5")).map((h) => h.tagName));
  expect(outline.slice(0, 3)).toEqual(["H3", "H4", "H5"]);
  await page.addScriptTag({ path: require.resolve("axe-core") });
  const found = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = await (window as any).axe.run(document, { runOnly: { type: "rule", values: ["heading-order"] }, resultTypes: ["violations"] });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return r.violations.flatMap((v: any) => v.nodes.map((n: any) => n.target.join(" ")));
  });
  expect(found).toEqual([]);
});
