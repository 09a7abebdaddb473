import { test, expect, jsEnabled, hydrated } from "./fixtures";
import type { Page } from "@playwright/test";

test("the gallery shows every design with a thumbnail and filters by tag", async ({ page }, info) => {
  await page.goto("/");
  await page.getByTestId("from-gallery").click();
  await expect(page).toHaveURL(/\/gallery$/);
  // A click navigation resolves at the URL change; without JavaScript the page may still be
  // streaming in, so wait for the whole document before counting what it lists.
  await page.waitForLoadState("load");
  if (jsEnabled(info.project.name)) await hydrated(page);
  const items = page.getByTestId("gallery-item");
  const total = await items.count();
  expect(total).toBeGreaterThanOrEqual(24);
  await expect(page.getByTestId("gallery-count")).toHaveText(`${total} designs`);
  // Every card has a drawn thumbnail (the widget renderer's root) that cannot take focus.
  for (const item of await items.all()) {
    await expect(item.locator(".ws-thumb .wgt").first()).toBeAttached();
    await expect(item.locator(".ws-thumb")).toHaveAttribute("inert", "");
  }
  // The thumbnail shows in the studio's theme: the light one here.
  const first = items.first();
  await expect(first.locator('.ws-thumb .wgt[data-theme="light"]')).toBeVisible();
  await expect(first.locator('.ws-thumb .wgt[data-theme="dark"]')).toBeHidden();

  // Filter by a tag: the chip is current, the list and the count follow, the URL keeps it.
  await page.getByTestId("tag-travel").click();
  await expect(page).toHaveURL(/\/gallery\?tag=travel$/);
  await expect(page.getByTestId("tag-travel")).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("gallery-count")).toContainText("carry the tag “travel”");
  await page.waitForLoadState("load");
  const travel = await items.count();
  expect(travel).toBeGreaterThanOrEqual(2);
  expect(travel).toBeLessThan(total);
  await expect(page.getByTestId("gallery-count")).toContainText(`${travel} of ${total} designs carry the tag “travel”`);
  for (const item of await items.all()) {
    await expect(item.getByRole("link", { name: "travel", exact: true })).toBeVisible();
  }
  // A tag nobody carries is an empty list, not an error.
  const none = await page.goto("/gallery?tag=no-such-tag");
  expect(none!.status()).toBe(200);
  await expect(page.getByTestId("gallery-empty")).toBeVisible();
  await page.getByTestId("gallery-empty").getByRole("link", { name: "Show them all" }).click();
  await expect(items).toHaveCount(total);
});

test("“Use this” copies a gallery design into a new design and opens its editor", async ({ page, request }, info) => {
  await page.goto("/gallery");
  if (jsEnabled(info.project.name)) await hydrated(page);
  const card = page.locator('[data-testid="gallery-item"][data-slug="flight_options"]');
  await expect(card.getByRole("heading")).toHaveText("Flight options");
  // The .widget download is the design exported with its images inline: no asset: reference,
  // which only a studio can serve, is left in it.
  const href = await card.getByRole("link", { name: /\.widget/ }).getAttribute("href");
  const file = await request.get(href!);
  expect(file.status()).toBe(200);
  const text = await file.text();
  expect(JSON.parse(text).name).toBeTruthy();
  expect(text).not.toContain("asset:");
  expect(text).toContain("data:image/");
  await card.getByRole("button", { name: "Use this (Flight options)" }).click();
  await expect(page).toHaveURL(/\/designs\/[A-Za-z0-9_-]+\/edit$/);
  await expect(page.getByTestId("design-name")).toHaveText("Flight options");
  // Its named states came along and build in the preview.
  await expect(page.locator(".ws-frame .wgt").first()).toBeVisible();
  const id = page.url().split("/designs/")[1].split("/")[0];
  const saved = await (await request.get(`/api/designs/${id}`)).json();
  expect(saved.document.states.length).toBeGreaterThanOrEqual(2);
  expect(saved.document.tags).toContain("travel");
  expect(saved.document.description.length).toBeGreaterThan(20);
  // Its first revision says where it came from.
  const history = await (await request.get(`/api/designs/${id}/revisions`)).json();
  expect(history.items.map((r: { message?: string }) => r.message)).toEqual(['Copied from the gallery\'s "Flight options"']);
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("revision-row")).toContainText('Copied from the gallery\'s "Flight options"');
  // An unknown slug is a clear 404, not a crash.
  const bad = await request.post("/api/ui/gallery/use", { form: { slug: "nope" } });
  expect(bad.status()).toBe(404);
});

test("a gallery design's actions answer at once: Approve in a new approval request approves it", async ({ page, request }, info) => {
  await page.goto("/gallery");
  if (jsEnabled(info.project.name)) await hydrated(page);
  const card = page.locator('[data-testid="gallery-item"][data-slug="approval_request"]');
  await card.getByRole("button", { name: /^Use this/ }).click();
  await expect(page).toHaveURL(/\/designs\/[A-Za-z0-9_-]+\/edit$/);
  const id = page.url().split("/designs/")[1].split("/")[0];
  // Its handler rules came along with it (a .widget file does not carry them).
  const saved = await (await request.get(`/api/designs/${id}`)).json();
  expect(JSON.stringify(saved.document.handlers)).toContain("approval.approve");
  // The simulated server answers Approve with the approved card.
  const t = await (await request.get(`/api/designs/${id}/actions/thread`)).json();
  const r = await request.post(`/api/designs/${id}/actions`, {
    data: { type: "threads.sync_custom_action", params: { thread_id: t.thread_id, item_id: t.item_id, action: { type: "approval.approve", payload: {} } } },
  });
  expect(r.status()).toBe(200);
  const answer = await r.text();
  expect(answer).not.toContain("No rule answers");
  expect(answer.toLowerCase()).toContain("approved");
});

/** Makes a design from a gallery design (**Use this**), opens the editor's Actions panel and
 * waits for its widget: the panel's preview. */
async function useInActions(page: Page, slug: string) {
  await page.goto("/gallery");
  await hydrated(page);
  await page.locator(`[data-testid="gallery-item"][data-slug="${slug}"]`).getByRole("button", { name: /^Use this/ }).click();
  await expect(page).toHaveURL(/\/designs\/[A-Za-z0-9_-]+\/edit$/);
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  await page.getByTestId("actions-panel").locator("> summary").click();
  const preview = page.getByTestId("actions-preview");
  await expect(preview.locator(".wgt")).toBeVisible({ timeout: 10_000 });
  return preview;
}

test("the gallery's task list: a ticked task is ticked by its id in the Actions panel, and Clear done removes the done ones", async ({ page, request }, info) => {
  test.skip(!jsEnabled(info.project.name), "the Actions panel runs in the browser; the API half is the approval test's");
  const preview = await useInActions(page, "task_list");
  await expect(preview).toContainText("Website launch · 4 of 5 open");
  // Tick one task: only its checkbox changes, and the list's status counts it.
  const box = (name: string) => preview.getByRole("checkbox", { name });
  await expect(box("Review cookie banner with legal")).not.toBeChecked();
  await box("Review cookie banner with legal").click();
  await expect(preview).toContainText("Website launch · 3 of 5 open");
  await expect(box("Review cookie banner with legal")).toBeChecked();
  await expect(box("Finalize pricing page copy")).not.toBeChecked();
  await expect(box("Export hero illustrations at 2x")).toBeChecked();
  // Untick it, then tick every open one: all done, and Clear done takes every task out.
  await box("Review cookie banner with legal").click();
  await expect(preview).toContainText("Website launch · 4 of 5 open");
  await expect(box("Review cookie banner with legal")).not.toBeChecked();
  let open = 4;
  for (const name of ["Finalize pricing page copy", "Review cookie banner with legal", "Set up 301 redirects for old blog URLs", "Draft launch tweet thread"]) {
    await box(name).click();
    open -= 1;
    await expect(preview).toContainText(open === 0 ? "Website launch · all 5 done" : `Website launch · ${open} of 5 open`);
  }
  await preview.getByRole("button", { name: "Clear done" }).click();
  await expect(preview).toContainText("Nothing on this list");
  await expect(preview.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByTestId("actions-lines")).toContainText("Cleared the done tasks from Website launch.");
});

test("the gallery's cart: a changed quantity and removed lines update every total in the Actions panel", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the Actions panel runs in the browser; the rules' API half is the approval test's");
  const preview = await useInActions(page, "shopping_cart");
  await expect(preview).toContainText("$224.37");
  await expect(preview).toContainText("Add $51.00 more for free shipping.");
  // Two runners: the line, the subtotal, free shipping, the tax and the total all follow.
  await preview.locator('select[name="qty_li_01"]').selectOption("2");
  await expect(preview).toContainText("$353.98");
  await expect(preview).toContainText("$256.00");
  await expect(preview).toContainText("Free");
  await expect(preview).not.toContainText("more for free shipping");
  await expect(page.getByTestId("actions-status")).toHaveText("cart.set_quantity answered.");
  await preview.screenshot({ path: "docs/screenshots/actions-cart.png" });
  // A new thread draws the widget as it starts, the select too (which the user had changed).
  await page.getByTestId("actions-reset").click();
  await expect(preview).toContainText("$224.37");
  await expect(preview.locator('select[name="qty_li_01"]')).toHaveValue("1");
  await preview.locator('select[name="qty_li_01"]').selectOption("2");
  await expect(preview).toContainText("$353.98");
  // The runners taken out: shipping is charged again.
  const remove = (item: string) => preview.locator(".wgt-row", { hasText: item }).getByRole("button", { name: "Remove" });
  await remove("Ridgeline trail runner").click();
  await expect(preview).toContainText("$85.81");
  await expect(preview).toContainText("2 items");
  await expect(preview).not.toContainText("Ridgeline trail runner");
  await remove("Merino hiking socks").click();
  await expect(preview).toContainText("1 item");
  await remove("Packable trail cap").click();
  await expect(preview).toContainText("Your cart is empty");
  // The button that had the focus is gone: the focus stays in the widget.
  await expect(preview.getByRole("button", { name: "Browse the shop" })).toBeFocused();
  await expect(page.getByTestId("actions-lines")).not.toContainText("Error");
});

test("the gallery in both themes (golden images)", async ({ page, context, baseURL }, info) => {
  test.skip(!jsEnabled(info.project.name), "the server HTML is identical; one run is enough");
  await page.setViewportSize({ width: 1200, height: 1000 });
  for (const theme of ["light", "dark"]) {
    await context.addCookies([{ name: "ws_theme", value: theme, url: baseURL! }]);
    await page.goto("/gallery");
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await expect(page.getByTestId("gallery-item").first().locator(`.ws-thumb .wgt[data-theme="${theme}"]`)).toBeVisible();
    await expect.soft(page).toHaveScreenshot(`gallery-${theme}.png`, { animations: "disabled", caret: "hide", maxDiffPixelRatio: 0.01 });
    await page.screenshot({ path: `docs/screenshots/gallery-${theme}.png` });
  }
});
