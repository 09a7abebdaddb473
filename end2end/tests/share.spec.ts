import { test, expect, jsEnabled, hydrated } from "./fixtures";

// A design saved through the REST API, shared, and opened by someone with the link: the page
// is complete server HTML (the no-js project proves it), shows every state, offers exports,
// and stops working once the owner revokes the link.
test("a share link shows the design read-only, exports it, and can be revoked", async ({ page, request, consoleErrors }, info) => {
  const doc = {
    name: "Flight status",
    description: "Shown to a passenger when a flight changes.",
    tags: ["travel"],
    kind: "jsx",
    source:
      '<Card>\n  <Col gap={2}>\n    <Title value={title} />\n    <Text value={status} color={color} />\n    <Button label="Rebook" onClickAction={{ type: "rebook" }} />\n  </Col>\n</Card>',
    default_state: { title: "SFO → JFK · UA 1542", status: "On time", color: "success" },
    states: [{ name: "delayed", data: { title: "SFO → JFK · UA 1542", status: "Delayed 40 min", color: "warning" } }],
  };
  const created = await request.post("/api/designs", { data: { document: doc } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const share = await (await request.post(`/api/designs/${id}/shares`)).json();
  expect(share.url).toMatch(/^\/s\/[A-Za-z0-9_-]{32}$/);

  const resp = await page.goto(`${share.url}?theme=both&width=360`);
  expect(resp?.status()).toBe(200);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await expect(page.getByTestId("share-name")).toHaveText("Flight status");
  await expect(page.getByTestId("share-revision")).toHaveText("Revision 1 (latest)");
  // Two states × two themes, drawn by the preview renderer.
  await expect(page.locator("figure.ws-frame")).toHaveCount(4);
  await expect(page.locator('figure[data-state="delayed"][data-theme="dark"]')).toContainText("Delayed 40 min");
  await expect(page.locator("figure.ws-frame button").first()).toHaveText("Rebook");
  await page.screenshot({ path: info.outputPath("share.png"), fullPage: true });
  if (jsEnabled(info.project.name)) {
    await page.screenshot({ path: "docs/screenshots/share-link.png", fullPage: true });
  }

  // The export links download real files.
  const exports = page.getByTestId("share-exports");
  const widgetHref = await exports.getByRole("link", { name: ".widget" }).getAttribute("href");
  const file = await (await request.get(widgetHref!)).json();
  expect(file.template).toContain("Card");
  const jsonHref = await exports.getByRole("link", { name: "JSON (delayed)" }).getAttribute("href");
  const widget = await (await request.get(jsonHref!)).json();
  expect(widget.children[0].children[1].value).toBe("Delayed 40 min");

  // Revoked: the page says so with a 404, and so do the exports.
  expect((await request.delete(`/api/designs/${id}/shares/${share.token}`)).status()).toBe(204);
  const gone = await page.goto(share.url);
  expect(gone?.status()).toBe(404);
  await expect(page.getByTestId("share-error")).toContainText("revoked");
  // Chromium logs the document's own 404 status as a console error; that one is expected.
  const expected = /Failed to load resource: the server responded with a status of 404/;
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !expected.test(e)));
  expect((await request.get(widgetHref!)).status()).toBe(404);
});
