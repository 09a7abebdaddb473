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
