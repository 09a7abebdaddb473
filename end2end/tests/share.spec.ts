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

  // Each setting's links keep the others (a theme link dropped the state, a state link the
  // width).
  await page.getByRole("group", { name: "State" }).getByRole("link", { name: "delayed" }).click();
  await expect(page).toHaveURL(/[?&]state=delayed/);
  await expect(page).toHaveURL(/[?&]width=360/);
  await expect(page.locator("figure.ws-frame")).toHaveCount(2);
  await page.getByRole("group", { name: "Preview theme" }).getByRole("link", { name: "Dark" }).click();
  await expect(page).toHaveURL(/[?&]state=delayed/);
  await expect(page).toHaveURL(/[?&]theme=dark/);
  await expect(page.locator("figure.ws-frame")).toHaveCount(1);
  await expect(page.locator('figure[data-state="delayed"][data-theme="dark"]')).toBeVisible();
  // On a phone the themes go one above the other, both on the screen (the dark one sat off it).
  await page.goto(`${share.url}?theme=both&state=delayed`);
  await page.setViewportSize({ width: 390, height: 900 });
  for (const theme of ["light", "dark"]) {
    const box = (await page.locator(`figure[data-state="delayed"][data-theme="${theme}"]`).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  // The owner's design page filters by state too (it showed every state whatever was chosen).
  await page.goto(`/designs/${id}?state=delayed`);
  await expect(page.locator("figure.ws-frame")).toHaveCount(2);
  await expect(page.locator('figure[data-state="default"]')).toHaveCount(0);
  await expect(page.getByTestId("unknown-state")).toHaveCount(0);
  // A state the design does not have (a stale link, a typo) is said, and every state shown;
  // a theme the page does not know is its default (both), not the light one alone.
  await page.goto(`${share.url}?state=nope&theme=purple`);
  await expect(page.getByTestId("unknown-state")).toHaveText("This design has no state named “nope”: every state is shown.");
  await expect(page.locator("figure.ws-frame")).toHaveCount(4);
  await page.goto(`/designs/${id}?state=nope`);
  await expect(page.getByTestId("unknown-state")).toContainText("no state named “nope”");
  // Its widgets' headings sit under the page's h2 "Latest revision".
  await expect(page.locator('figure[data-state="delayed"] h3').first()).toBeAttached();
  await page.goto(`${share.url}?theme=both&width=360`);

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

// The owner shares from the design page and from the editor, with plain forms (the no-js
// project proves they need no script), and revokes a link there too.
test("share links are made and revoked from the design page and the editor", async ({ page, request }, info) => {
  const doc = {
    name: "Shared from the page",
    kind: "jsx",
    source: "<Card><Text value={greeting} /></Card>",
    default_state: { greeting: "Hi" },
    states: [{ name: "later", data: { greeting: "See you later" } }],
  };
  const { id } = await (await request.post("/api/designs", { data: { document: doc } })).json();
  await page.goto(`/designs/${id}`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await expect(page.getByTestId("no-shares")).toBeVisible();
  await page.getByTestId("share-form").getByRole("combobox").selectOption("1");
  await page.getByTestId("create-share").click();
  await expect(page).toHaveURL(new RegExp(`/designs/${id}\\?shared=[A-Za-z0-9_-]{32}$`));
  await expect(page.getByTestId("share-row")).toHaveCount(1);
  await expect(page.getByTestId("share-row")).toContainText("pinned to revision 1");
  const href = await page.getByTestId("share-link").getAttribute("href");
  // The page says what was made, and the notice has the focus (a screen reader reads it).
  const notice = page.getByTestId("share-notice");
  await expect(notice).toHaveText(`Created the link ${href}: it stays at revision 1. Anyone with it can see the design, read-only.`);
  await expect(notice).toHaveAttribute("role", "status");
  await expect(notice).toBeFocused();
  expect((await request.get(href!)).status()).toBe(200);
  // Its Copy button puts the whole address on the clipboard (with JavaScript; without it, the
  // button is not shown and the link is copied from the browser's menu).
  const copy = page.getByRole("button", { name: "Copy the link " + href!.slice(3, 11) + " (pinned to revision 1)" });
  if (jsEnabled(info.project.name)) {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await copy.click();
    await expect(page.getByTestId("share-row").getByRole("status")).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(new URL(href!, page.url()).href);
    await expect(copy).toBeFocused();
  } else {
    await expect(copy).toBeHidden();
  }

  // From the editor: the Share section lists it and makes another that follows the latest.
  await page.goto(`/designs/${id}/edit`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  const share = page.getByTestId("share");
  await expect(share.locator("summary")).toHaveText("Share (1 active)");
  await share.locator("summary").click();
  await share.getByTestId("create-share").click();
  // Back in the editor with the section open, the new link first.
  await expect(page).toHaveURL(new RegExp(`/designs/${id}/edit\\?share=open&shared=[A-Za-z0-9_-]{32}$`));
  await expect(page.getByTestId("share-notice")).toContainText("it follows the latest revision");
  await expect(page.getByTestId("share-row").first()).toBeVisible();
  await expect(page.getByTestId("share-row")).toHaveCount(2);
  await expect(page.getByTestId("share-row").nth(0)).toContainText("follows the latest revision");
  // Revoke the pinned one: it stops working and is shown struck through.
  const pinned = page.getByTestId("share-row").filter({ hasText: "pinned to revision 1" });
  await pinned.getByTestId("revoke-share").click();
  await expect(page.getByTestId("share").locator("summary")).toHaveText("Share (1 active)");
  await expect(page.getByTestId("share-notice")).toHaveText(`Revoked the link ${href}: it no longer opens the design.`);
  expect((await request.get(href!)).status()).toBe(404);
  // Named states have their own JSON downloads in the export section.
  await page.getByTestId("export").locator("summary").click();
  const stateJson = page.getByTestId("state-json");
  await expect(stateJson).toHaveText("JSON: later");
  const built = await (await request.get((await stateJson.getAttribute("href"))!)).json();
  expect(built.children[0].value).toBe("See you later");
  // A token that is not one of this design's links says nothing.
  await page.goto(`/designs/${id}?shared=not-a-token`);
  await expect(page.getByTestId("share-notice")).toHaveCount(0);
});

test("a state that does not build has no JSON download on the share page, and says why; the others do", async ({ page, request }, info) => {
  const doc = {
    name: "Half built", kind: "jsx",
    source: "<Card>\n  <Text value={status} />\n</Card>",
    default_state: { status: "On time" },
    states: [{ name: "empty", data: {} }],
  };
  const created = await request.post("/api/designs", { data: { document: doc } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const share = await (await request.post(`/api/designs/${id}/shares`)).json();
  await page.goto(share.url);
  if (jsEnabled(info.project.name)) await hydrated(page);
  const exports = page.getByTestId("share-exports");
  const ok = await exports.getByRole("link", { name: "JSON (default)" }).getAttribute("href");
  expect((await request.get(ok!)).status()).toBe(200);
  await expect(exports.getByRole("link", { name: "JSON (empty)" })).toHaveCount(0);
  await expect(exports.getByTestId("json-download-refused")).toHaveText("JSON (empty) (unavailable)");
  await expect(page.getByTestId("json-export-refused")).toContainText('The state "empty" has no JSON download');
  await expect(page.getByTestId("json-export-refused")).toContainText("2:16: status is not defined");
});

test("a design that does not build: no JSON download is offered that would fail, a visitor is not told to fix it, and the frames say so in their own theme", async ({ page, request }, info) => {
  const doc = { name: "Broken", kind: "jsx", source: "<Card>\n  <Nope />\n</Card>\n", default_state: {} };
  const created = await request.post("/api/designs", { data: { document: doc } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  // The editor's export section: no link to a download the server refuses.
  await page.goto(`/designs/${id}/edit`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await page.getByTestId("export").locator("summary").click();
  await expect(page.getByTestId("export").getByRole("link", { name: "Download widget JSON" })).toHaveCount(0);
  await expect(page.getByTestId("export").getByTestId("json-download-refused")).toHaveText("Download widget JSON (unavailable)");
  await expect(page.getByTestId("export").getByTestId("json-export-refused")).toContainText("Nope");
  // A share link's visitor reads why, not what to fix.
  const share = await (await request.post(`/api/designs/${id}/shares`)).json();
  await page.goto(share.url);
  const refused = page.getByTestId("json-export-refused").first();
  await expect(refused).toContainText("has no JSON download");
  await expect(refused).not.toContainText("fix it");
  await expect(page.getByTestId("widget-export-refused")).not.toContainText("fix them");
  // On a dark page, the light frame's words are the frame's colour (they were the page's
  // light text on white).
  await page.context().addCookies([{ name: "ws_theme", value: "dark", url: page.url() }]);
  await page.goto(share.url);
  const color = (theme: string) =>
    page.locator(`.ws-frame-body[data-theme="${theme}"] .wgt-build-failed`).first().evaluate((el) => getComputedStyle(el).color);
  expect(await color("light")).toBe("rgb(185, 28, 28)");
  expect(await color("dark")).toBe("rgb(248, 113, 113)");
});
