import { test, expect, jsEnabled, hydrated } from "./fixtures";

// Designs saved through the API appear in /designs; a design's page shows its history, and the
// diff between two revisions, all as server HTML.
test("the designs list searches and filters, and a design's history shows what changed", async ({ page, request }, info) => {
  const source = '<Card>\n  <Title value={title} />\n  <Text value={status} />\n</Card>';
  const doc = {
    name: `Boarding pass ${info.project.name}`,
    description: "Gate and seat for a passenger.",
    tags: ["travel", `e2e-${info.project.name}`],
    kind: "jsx",
    source,
    default_state: { title: "UA 1542 · Gate B12", status: "Boarding at 09:40" },
  };
  const created = await request.post("/api/designs", { data: { document: doc } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const changed = { ...doc, source: source.replace("</Card>", '  <Divider />\n  <Caption value="Seat 14C" />\n</Card>') };
  const saved = await request.put(`/api/designs/${id}`, { data: { document: changed, base_revision: 1, message: "Show the seat" } });
  expect(saved.status()).toBe(200);

  await page.goto(`/designs?tag=e2e-${info.project.name}`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await expect(page.getByTestId("design-row")).toHaveCount(1);
  await expect(page.getByTestId("design-row")).toContainText("revision 2");
  if (jsEnabled(info.project.name)) await page.screenshot({ path: "docs/screenshots/designs-list.png" });
  // Search is a plain GET form.
  await page.getByTestId("design-search").fill("no such design");
  await Promise.all([page.waitForURL(/q=no/), page.getByRole("button", { name: "Search" }).click()]);
  await expect(page.getByTestId("no-designs")).toBeVisible();
  // Past the end: the page is empty, not the studio, and it leads back.
  await page.goto(`/designs?tag=e2e-${info.project.name}&offset=999`);
  await expect(page.getByTestId("no-designs")).toHaveText("Nothing on this page: the list has 1 design. Go to the first page");
  await page.getByTestId("first-page").click();
  await expect(page.getByTestId("design-row")).toHaveCount(1);

  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-name")).toHaveText(doc.name);
  await expect(page.getByTestId("revision-row")).toHaveCount(2);
  await page.getByRole("link", { name: "changes in 2" }).click();
  await expect(page).toHaveURL(new RegExp(`/designs/${id}\\?from=1&to=2`));
  const diff = page.getByTestId("source-diff");
  await expect(diff.locator('[data-op="+"]')).toHaveCount(2);
  await expect(diff.locator('[data-op="+"]').first()).toContainText("<Divider />");
  await expect(page.locator("figure.ws-frame").first()).toContainText("Seat 14C");
  if (jsEnabled(info.project.name)) {
    await page.screenshot({ path: "docs/screenshots/design-history.png", fullPage: true });
  }
});

test("the designs list sorts either way, keeps the direction in its links, and says which value of its address does not read", async ({ page, request, consoleErrors }, info) => {
  const tag = `order-${info.project.name}`;
  for (const name of ["Apple card", "Mango list", "Zebra card"]) {
    const r = await request.post("/api/designs", { data: { document: { name, tags: [tag], kind: "jsx", source: "<Card><Text value=\"x\" /></Card>", default_state: {} } } });
    expect(r.status()).toBe(201);
  }
  const rows = page.getByTestId("design-row");
  await page.goto(`/designs?tag=${tag}&sort=name`);
  await expect(rows.first()).toContainText("Apple card");
  await expect(rows.last()).toContainText("Zebra card");
  // Reversed: the address says so, and the tag's and the other keys' links keep or reset it.
  await page.getByTestId("sort-order").click();
  await expect(page).toHaveURL(/[?&]order=desc/);
  await expect(rows.first()).toContainText("Zebra card");
  await expect(rows.last()).toContainText("Apple card");
  await expect(page.getByTestId("sort-order")).toHaveText("A to Z");
  await page.getByTestId("sort-order").click();
  await expect(page).not.toHaveURL(/order=/);
  await expect(rows.first()).toContainText("Apple card");
  // A value that does not read is said, where it was dropped for the default.
  for (const [query, says] of [
    ["order=sideways", "order: \"sideways\" is not an order; use asc or desc"],
    ["offset=abc", "offset: \"abc\" is not a number"],
    ["trash=yes", "trash: \"yes\" is not a choice"],
  ]) {
    await page.goto(`/designs?tag=${tag}&${query}`);
    await expect(page.locator("main")).toContainText(says);
  }
  // (Those pages answer 400, which the browser logs.)
  consoleErrors.length = 0;
});

test("a design moves to the trash from its page and comes back out, from the page or the editor; in the trash it says so", async ({ page, request }, info) => {
  const doc = { name: `Trash me ${info.project.name}`, kind: "jsx", source: "<Card><Text value=\"kept\" /></Card>", default_state: {} };
  const { id } = await (await request.post("/api/designs", { data: { document: doc } })).json();
  const share = await (await request.post(`/api/designs/${id}/shares`, { data: {} })).json();
  await page.goto(`/designs/${id}`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await page.getByTestId("trash").click();
  await expect(page).toHaveURL(new RegExp(`/designs/${id}\\?trashed=1$`));
  const notice = page.getByTestId("trash-notice");
  await expect(notice).toContainText("This design is in the trash (moved ");
  await expect(notice).toContainText("Its share links do not open");
  await expect(notice).toBeFocused();
  await expect(page.getByTestId("trash")).toHaveCount(0);
  expect((await request.get(`/s/${share.token}`)).status()).toBe(404);
  await page.goto(`/designs?trash=1`);
  await expect(page.getByTestId("design-list")).toContainText(doc.name);
  // The editor opens it (nothing typed is lost), says where it is, and takes it out.
  await page.goto(`/designs/${id}/edit`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await expect(page.getByTestId("trash-notice")).toContainText("cannot be changed until it is taken out");
  await page.getByTestId("untrash").click();
  await expect(page).toHaveURL(new RegExp(`/designs/${id}/edit\\?untrashed=1$`));
  await expect(page.getByTestId("untrashed-notice")).toHaveText("Taken out of the trash: it can be changed again, and its share links open.");
  await expect(page.getByTestId("trash-notice")).toHaveCount(0);
  expect((await request.get(`/s/${share.token}`)).status()).toBe(200);
  // And from the design's page.
  await request.delete(`/api/designs/${id}`);
  await page.goto(`/designs/${id}`);
  await page.getByTestId("untrash").click();
  await expect(page).toHaveURL(new RegExp(`/designs/${id}\\?untrashed=1$`));
  await expect(page.getByTestId("untrashed-notice")).toBeFocused();
  await expect(page.getByTestId("trash")).toBeVisible();
  // And from its row in the trash list, back to the list, which says so and links to it.
  await request.delete(`/api/designs/${id}`);
  await page.goto(`/designs?trash=1`);
  await page.getByRole("button", { name: `Take out of the trash: ${doc.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/designs\\?trash=1&restored=${id}&untrashed=1$`));
  const back = page.getByTestId("untrashed-notice");
  await expect(back).toBeFocused();
  await expect(back).toContainText("Taken out of the trash");
  await expect(page.getByTestId("design-list").getByText(doc.name)).toHaveCount(0);
  expect((await request.get(`/s/${share.token}`)).status()).toBe(200);
  await back.getByRole("link", { name: "Open it" }).click();
  await expect(page).toHaveURL(new RegExp(`/designs/${id}$`));
  await expect(page.getByTestId("trash-notice")).toHaveCount(0);
});

test("a save in the editor of a design moved to the trash meanwhile says where it is; the text stays", async ({ page, request, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the editor saves through JavaScript");
  const doc = { name: "Trashed while open", kind: "jsx", source: "<Card><Text value=\"before\" /></Card>\n", default_state: {} };
  const { id } = await (await request.post("/api/designs", { data: { document: doc } })).json();
  await page.goto(`/designs/${id}/edit`);
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  await page.locator(".cm-content").first().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("<Card><Text value=\"typed\" /></Card>\n");
  await request.delete(`/api/designs/${id}`);
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-error")).toContainText("is in the trash: take it out of the trash to open or change it");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("typed");
  const unexpected = consoleErrors.filter((e) => !e.includes("404 (Not Found)"));
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});

test("a long name without spaces wraps: no page scrolls sideways, on a phone or a desktop", async ({ page, request }, info) => {
  const name = `quarterly_revenue_dashboard_enterprise_${info.project.name}_${"x".repeat(120)}`;
  const created = await request.post("/api/designs", { data: { document: { name, tags: [`long-${info.project.name}`], kind: "jsx", source: "<Card><Text value=\"Hi\" /></Card>", default_state: {} } } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  for (const [width, url] of [[390, `/designs/${id}`], [390, `/designs/${id}/edit`], [1280, `/designs?tag=long-${info.project.name}`], [390, `/designs?tag=long-${info.project.name}`]] as const) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(url);
    if (jsEnabled(info.project.name)) await hydrated(page);
    await expect(page.getByText(name.slice(0, 30)).first()).toBeVisible();
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide, url).toBeLessThanOrEqual(width);
  }
});
