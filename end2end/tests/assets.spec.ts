import { test, expect, jsEnabled, hydrated } from "./fixtures";
import type { Locator, Page } from "@playwright/test";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

// Issue 18 in the browser: images uploaded once as assets, used in a design by drop, paste or
// the Assets panel, drawn in both preview themes, on the share page without JavaScript, and
// shipped with the export; uploads never run script on the studio's origin.

const FIXTURES = path.resolve(__dirname, "../../server/tests/fixtures/assets");
const LOGO = fs.readFileSync(path.join(FIXTURES, "logo.png"));
const PHOTO = fs.readFileSync(path.join(FIXTURES, "photo.jpg"));
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

const CARD = `<Card>
  <Row gap={3}>
    <Image src="" alt="Logo" size={64} />
    <Title value="Northwind Coffee" />
  </Row>
  <Text value="Your order is on its way." />
</Card>
`;

async function create(page: Page, doc: object): Promise<string> {
  const r = await page.request.post("/api/designs", { data: { document: doc } });
  expect(r.status()).toBe(201);
  return (await r.json()).id;
}

async function openEditor(page: Page, id: string) {
  await page.goto(`/designs/${id}/edit?theme=both`);
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
}

/** Drops a file on an element, as a browser does: a drop event carrying a DataTransfer. */
async function dropFile(page: Page, target: Locator, bytes: Buffer, name: string, type: string) {
  const dt = await page.evaluateHandle(
    ({ b64, name, type }) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bin], name, { type }));
      return dt;
    },
    { b64: bytes.toString("base64"), name, type },
  );
  await target.dispatchEvent("dragover", { dataTransfer: dt });
  await target.dispatchEvent("drop", { dataTransfer: dt });
}

/** Every drawing of the image has loaded its bytes (both themes). */
async function expectDrawn(page: Page, id: string, themes = 2) {
  const imgs = page.locator(`[data-testid=preview-select] img[src="/assets/${id}"]`);
  await expect(imgs).toHaveCount(themes, { timeout: 10_000 });
  for (let i = 0; i < themes; i++) {
    await imgs.nth(i).scrollIntoViewIfNeeded();
    await expect.poll(() => imgs.nth(i).evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(96);
  }
}

test("drop an image on a new design's src: both themes draw it, it saves, the share page shows it without JavaScript, the export zip ships it", async ({ page, browser, baseURL, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "dropping needs JavaScript; the no-JS share page is checked below");
  test.setTimeout(90_000);
  const id = await create(page, { name: "Order card", kind: "jsx", source: CARD, default_state: {} });
  await openEditor(page, id);
  // Select the Image (its drawing is a placeholder while src is empty), then drop on the
  // inspector's src field.
  await page.locator("[data-testid=preview-select] .ws-frame[data-theme=light] .wgt-image").first().click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Image");
  await dropFile(page, page.getByTestId("prop-src"), LOGO, "Northwind logo.png", "image/png");
  const logo = sha(LOGO);
  await expect(page.getByTestId("asset-note")).toContainText("Uploaded Northwind logo.png");
  await expectDrawn(page, logo);
  // The code changed in one place: the src attribute.
  await expect(page.locator(".cm-content")).toContainText(`<Image src="asset:${logo}" alt="Logo" size={64} />`);
  // The panel lists it, with its thumbnail, size and dimensions, used by this design once saved.
  const row = page.locator(`[data-testid=asset][data-asset-id="${logo}"]`);
  await expect(row.getByTestId("asset-name")).toHaveText("Northwind logo.png");
  await expect(row.getByTestId("asset-meta")).toContainText("image/png · 96×64 px · 7.8 KiB");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toContainText("Saved revision 2");
  // The panel follows the save, without a reload: used, so not deletable.
  await expect(row.getByTestId("asset-used-by")).toContainText("Order card");
  await expect(row.getByTestId("asset-delete")).toBeDisabled();
  await page.reload();
  await hydrated(page);
  await expectDrawn(page, logo);
  await expect(row.getByTestId("asset-used-by")).toContainText("Order card");
  await expect(row.getByTestId("asset-delete")).toBeDisabled();
  await page.getByTestId("preview-select").screenshot({ path: "docs/screenshots/assets-preview.png" });
  await page.getByTestId("assets").screenshot({ path: "docs/screenshots/assets-panel.png" });

  // The share link, opened without JavaScript, draws the image from the studio.
  const share = await (await page.request.post(`/api/designs/${id}/shares`)).json();
  const nojs = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const p2 = await nojs.newPage();
  await p2.goto(share.url);
  const img = p2.locator(`img[src="/assets/${logo}"]`).first();
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(96);
  await nojs.close();

  // Export with assets, through the export form: the base is the design's, remembered.
  await page.getByTestId("details").locator("summary").click();
  // A base that does not check is said at its field, and the design does not save with it.
  await page.getByTestId("detail-asset-base").fill("not a url");
  await expect(page.getByTestId("asset-base-problem")).toContainText("the design does not save until it is fixed");
  await expect(page.getByTestId("detail-asset-base")).toHaveAttribute("aria-invalid", "true");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-error")).toContainText("export.asset_base");
  // The browser logs the refused save's answer as a failed load: expected here, and only that.
  const refused = consoleErrors.findIndex((e) => e.includes("status of 400"));
  expect(refused).toBeGreaterThanOrEqual(0);
  consoleErrors.splice(refused, 1);
  await page.getByTestId("detail-asset-base").fill("https://cdn.example.com/widgets");
  await expect(page.getByTestId("asset-base-problem")).toHaveCount(0);
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toContainText("Saved revision 3");
  await page.reload();
  await page.getByTestId("export").locator("summary").click();
  await expect(page.getByTestId("export-asset-base")).toHaveValue("https://cdn.example.com/widgets/");
  await page.getByTestId("export-zip").check();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-go").click()]);
  expect(download.suggestedFilename()).toBe("order-card.zip");
  const zip = fs.readFileSync(await download.path());
  // The zip's directory names the export and the asset under the name its URL expects, and the
  // image is stored byte for byte.
  const fileName = `northwind-logo-${logo.slice(0, 8)}.png`;
  expect(zip.includes(Buffer.from("order-card.widget"))).toBe(true);
  expect(zip.includes(Buffer.from(`assets/${fileName}`))).toBe(true);
  expect(zip.includes(LOGO)).toBe(true);
  const widgetFile = await (await page.request.get(`/api/designs/${id}/export?format=widget`)).text();
  expect(widgetFile).toContain(`https://cdn.example.com/widgets/${fileName}`);
  expect(widgetFile).not.toContain("asset:");
});

test("the Assets panel: upload with progress, use in the design, rename, delete what no design uses; refusals show the server's message", async ({ page, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the panel needs JavaScript");
  const id = await create(page, { name: "Panel", kind: "jsx", source: CARD, default_state: {} });
  await openEditor(page, id);
  // The answer held back a little: the progress bar shows while the upload is under way.
  await page.route("**/api/assets", async (route) => {
    if (route.request().method() === "POST") await new Promise((r) => setTimeout(r, 600));
    await route.continue();
  });
  await page.getByTestId("asset-upload").setInputFiles({ name: "team photo.jpg", mimeType: "image/jpeg", buffer: PHOTO });
  await expect(page.getByTestId("asset-progress")).toContainText("Uploading team photo.jpg");
  await expect(page.getByTestId("asset-progress")).toHaveCount(0);
  await page.unroute("**/api/assets");
  const photo = sha(PHOTO);
  const row = page.locator(`[data-testid=asset][data-asset-id="${photo}"]`);
  await expect(row.getByTestId("asset-meta")).toContainText("image/jpeg · 48×32 px");
  await expect(row.getByTestId("asset-used-by")).toHaveText("Used by no design");
  // Use it: with the Title selected (it holds nothing), a new Image goes after it.
  await page.locator(".cm-content").click();
  await page.locator("[data-testid=preview-select] .ws-frame[data-theme=light] .wgt-title").first().click();
  await row.getByTestId("asset-use").click();
  await expect(page.locator(".cm-content")).toContainText(`<Image src="asset:${photo}" alt="team photo" width={96} height={64} />`);
  // The code shows the new Image from its start (its long line does not scroll the code
  // sideways to its far end).
  // (CodeMirror scrolls in a later frame: read after two.)
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await page.locator("[data-testid=code-host] .cm-scroller").evaluate((e) => e.scrollLeft)).toBe(0);
  // Rename: the design's reference does not change.
  await row.getByTestId("asset-rename").click();
  await row.getByTestId("asset-rename-input").fill("Team (2026).jpg");
  await row.getByTestId("asset-rename-input").press("Enter");
  await expect(row.getByTestId("asset-name")).toHaveText("Team (2026).jpg");
  // An HTML file named .png: refused, in the server's words; nothing else changes.
  await page.getByTestId("asset-upload").setInputFiles({ name: "evil.png", mimeType: "image/png", buffer: Buffer.from("<!doctype html><script>alert(1)</script>") });
  await expect(page.getByTestId("asset-error")).toContainText(/not uploaded/i);
  // The file is named once (the server's refusal names it), and said once: by the alert.
  expect(((await page.getByTestId("asset-error").textContent()) ?? "").split("evil.png").length - 1).toBe(1);
  await expect(page.getByTestId("asset-note")).toHaveText("");
  await expect(page.getByTestId("asset-error")).toContainText("HTML, not an image; accepted: PNG, JPEG, GIF and WebP");
  // The browser logs the refused upload's 415 as a failed load: expected here, and only that.
  const refused = consoleErrors.findIndex((e) => e.includes("415 (Unsupported Media Type)"));
  expect(refused).toBeGreaterThanOrEqual(0);
  consoleErrors.splice(refused, 1);
  // Not saved yet, so no design uses it: it deletes.
  // Each row's buttons name their image.
  await expect(row.getByTestId("asset-delete")).toHaveAccessibleName("Delete: Team (2026).jpg");
  await row.getByTestId("asset-delete").click();
  await expect(page.getByTestId("asset-note")).toContainText("Deleted Team (2026).jpg");
  await expect(row).toHaveCount(0);
  // The button that had the focus went with its row: the upload control has it now.
  await expect(page.getByTestId("asset-upload")).toBeFocused();
  // Its reference in the code is now a warning, located.
  await expect(page.getByTestId("missing-asset")).toContainText("no asset");
});

test("a pasted image goes into the selected component", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "pasting needs JavaScript");
  const id = await create(page, { name: "Paste", kind: "jsx", source: CARD, default_state: {} });
  await openEditor(page, id);
  await page.locator("[data-testid=preview-select] .ws-frame[data-theme=light] .wgt-image").first().click();
  await page.locator(".cm-content").focus();
  await page.evaluate((b64) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bin], "image.png", { type: "image/png" }));
    document.querySelector(".cm-content")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, LOGO.toString("base64"));
  await expect(page.locator(".cm-content")).toContainText(`<Image src="asset:${sha(LOGO)}" alt="Logo" size={64} />`);
  await expectDrawn(page, sha(LOGO));
});

test("an image dropped on the inspector's status favicon field becomes the card's favicon", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "dropping needs JavaScript");
  const id = await create(page, {
    name: "Favicon", kind: "jsx", default_state: {},
    source: `<Card status={{ text: "Northwind Coffee" }}>\n  <Text value="Your order is on its way." />\n</Card>\n`,
  });
  await openEditor(page, id);
  await page.locator("[data-testid=preview-select] .ws-frame[data-theme=light] .wgt").first().click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Card");
  await dropFile(page, page.getByTestId("prop-status-favicon"), LOGO, "favicon.png", "image/png");
  const logo = sha(LOGO);
  await expect(page.locator(".cm-content")).toContainText(`favicon: "asset:${logo}"`);
  await expect(page.locator(`[data-testid=preview-select] img.wgt-favicon[src="/assets/${logo}"]`)).toHaveCount(2);
});

test("uploads never run script on the studio's origin", async ({ page, baseURL }, info) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const upload = (name: string, buffer: Buffer) =>
    page.request.post("/api/assets", { multipart: { file: { name, mimeType: "image/png", buffer } } });
  // SVG with script, HTML named .png, a PNG signature followed by HTML: refused (415).
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert('svg')"><script>alert('svg2')</script></svg>`);
  const html = Buffer.from("<html><body><script>alert('html')</script></body></html>");
  const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), html]);
  for (const [name, bytes] of [["x.svg", svg], ["x.png", html], ["fake.png", fake]] as const) {
    const r = await upload(name, bytes);
    expect(r.status(), name).toBe(415);
    expect((await r.json()).error.code).toBe("unsupported-type");
    // Nothing is served under those bytes' id.
    const served = await page.request.get(`/assets/${sha(bytes)}`);
    expect(served.status()).toBe(404);
  }
  // A real PNG with HTML and script after its end: accepted (its header is a PNG's), served
  // as image/png, nosniff, under a CSP that runs nothing. Opened on its own, it is an image.
  const polyglot = Buffer.concat([LOGO, html]);
  const r = await upload("polyglot.png", polyglot);
  expect(r.status()).toBe(201);
  const id = (await r.json()).assets[0].id;
  const resp = await page.goto(`${baseURL}/assets/${id}`);
  expect(resp!.headers()["content-type"]).toBe("image/png");
  expect(resp!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(resp!.headers()["content-security-policy"]).toContain("sandbox");
  await expect(page.locator("img")).toHaveCount(1);
  expect(await page.evaluate(() => document.contentType)).toBe("image/png");
  // Drawn in a design: an <img>, never a document.
  const design = await create(page, { name: "Polyglot", kind: "jsx", source: `<Card>\n  <Image src="asset:${id}" alt="P" />\n</Card>`, default_state: {} });
  await page.goto(`/designs/${design}`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await expect(page.locator(`img[src="/assets/${id}"]`).first()).toBeAttached();
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});

test("without JavaScript: the editor, the design page and the share page draw assets; the export form downloads the zip", async ({ page }, info) => {
  test.skip(jsEnabled(info.project.name), "the no-JavaScript pages");
  const up = await page.request.post("/api/assets", { multipart: { file: { name: "logo.png", mimeType: "image/png", buffer: LOGO } } });
  expect(up.status()).toBe(201);
  const logo = sha(LOGO);
  const id = await create(page, {
    name: "Plain page", kind: "jsx", default_state: {}, export: { asset_base: "/static/w/" },
    source: `<Card>\n  <Image src="asset:${logo}" alt="Logo" size={64} />\n</Card>\n`,
  });
  for (const url of [`/designs/${id}/edit?theme=both`, `/designs/${id}`]) {
    await page.goto(url);
    const img = page.locator(`img[src="/assets/${logo}"]`).first();
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(96);
  }
  await page.goto(`/designs/${id}/edit`);
  await page.getByTestId("export").locator("summary").click();
  await expect(page.getByTestId("export-asset-base")).toHaveValue("/static/w/");
  await page.getByTestId("export-zip").check();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-go").click()]);
  const zip = fs.readFileSync(await download.path());
  // Named after the asset (its first upload's name, when another test uploaded it first).
  expect(zip.toString("latin1")).toMatch(new RegExp(`assets/[a-z0-9-]+-${logo.slice(0, 8)}\\.png`));
  expect(zip.includes(LOGO)).toBe(true);
});

/** A design named `name` showing LOGO, uploaded as a studio asset; with no asset base, its
 * export refuses to leave the `asset:` reference. Gives the design's id. */
async function withUploadedLogo(page: Page, name: string): Promise<string> {
  const up = await page.request.post("/api/assets", { multipart: { file: { name: "logo.png", mimeType: "image/png", buffer: LOGO } } });
  expect(up.status()).toBe(201);
  return create(page, {
    name, kind: "jsx", default_state: {},
    source: `<Card>\n  <Image src="asset:${sha(LOGO)}" alt="Logo" size={64} />\n</Card>\n`,
  });
}

test("without JavaScript: an export form that fails comes back to the editor and says why", async ({ page }, info) => {
  test.skip(jsEnabled(info.project.name), "the no-JavaScript form");
  const id = await withUploadedLogo(page, "Form fails");
  await page.goto(`/designs/${id}/edit`);
  await page.getByTestId("export").locator("summary").click();
  // With images and no base, small images start inline (the links above carry them so), so
  // that a first Download works.
  await expect(page.getByTestId("export-inline")).toBeChecked();
  // No base, nothing inline: the export refuses to leave a reference only the studio serves.
  await page.getByTestId("export-inline").uncheck();
  await page.getByTestId("export-go").click();
  await expect(page).toHaveURL(new RegExp(`/designs/${id}/edit\\?export_failed=1&format=widget$`));
  const error = page.getByTestId("export-error");
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute("role", "alert");
  // It takes the focus (it was left on the page's body).
  await expect(error).toBeFocused();
  await expect(error).toContainText("Nothing was downloaded");
  // In the form's words: its fields by their labels, not the API's parameters.
  await expect(error).toContainText("Fill in “Asset base URL”");
  await expect(error).not.toContainText("asset_base");
  await expect(error).not.toContainText("inline_max");
  // The form is as it was sent (A2UI and a zip this time), and says why it failed.
  await page.getByTestId("export-form").locator('input[value="a2ui"]').check();
  await page.getByTestId("export-zip").check();
  await page.getByTestId("export-go").click();
  await expect(page).toHaveURL(new RegExp(`/designs/${id}/edit\\?export_failed=1&format=a2ui&zip=1$`));
  await expect(page.getByTestId("export-error")).toContainText("Asset base URL");
  await expect(page.getByTestId("export-form").locator('input[value="a2ui"]')).toBeChecked();
  await expect(page.getByTestId("export-zip")).toBeChecked();
  await expect(page.getByTestId("export-inline")).not.toBeChecked();
  // A base the export refused stays in its field, to be fixed.
  await page.getByTestId("export-asset-base").fill("ftp://cdn.example.com/w/");
  await page.getByTestId("export-go").click();
  await expect(page.getByTestId("export-error")).toContainText('the Asset base URL "ftp://cdn.example.com/w/" is not http(s)');
  await expect(page.getByTestId("export-asset-base")).toHaveValue("ftp://cdn.example.com/w/");
  await page.getByTestId("export-asset-base").fill("");
  await page.getByTestId("export-zip").uncheck();
  await page.getByTestId("export-form").locator('input[value="widget"]').check();
  // The section is open, the form still there to fix it: inline the image and it downloads.
  await page.getByTestId("export-inline").check();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-go").click()]);
  expect(fs.readFileSync(await download.path()).toString()).toContain("data:image/png;base64,");
  // The reason is shown once: the page took the cookie away, so a reload (the address still
  // says the export failed, without JavaScript) does not say it again, only that it failed.
  await page.reload();
  await expect(page.getByTestId("export-error")).toContainText("the export failed, and its reason is no longer here");
  await expect(page.getByTestId("export-error")).not.toContainText("Asset base URL");
  // The form is still as that failed export had it (A2UI, a zip), but for its asset base,
  // which only the server's cookie brings back.
  expect(page.url()).toContain("format=a2ui&zip=1&base=ftp");
  await expect(page.getByTestId("export-form").locator('input[value="a2ui"]')).toBeChecked();
  await expect(page.getByTestId("export-zip")).toBeChecked();
  await expect(page.getByTestId("export-asset-base")).toHaveValue("");
  // The words come from the server's cookie, not the address: a link cannot make them up,
  // nor preset where the images will point.
  await page.context().clearCookies();
  await page.goto(`/designs/${id}/edit?export_failed=1&export_error=Sign%20in%20at%20evil.example&base=https%3A%2F%2Fevil.example%2F#export`);
  await expect(page.getByTestId("export-error")).toContainText("the export failed, and its reason is no longer here");
  await expect(page.locator("body")).not.toContainText("evil.example");
  await expect(page.getByTestId("export-asset-base")).toHaveValue("");
  await page.goto(`/designs/${id}/edit`);
  await expect(page.getByTestId("export-error")).toHaveCount(0);
});

test("with JavaScript: the export form downloads from the page, and says a failure in place, with the edits and their undo kept", async ({ page, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the form fetched by the page");
  const id = await withUploadedLogo(page, "Form fails, then works");
  await openEditor(page, id);
  // An unsaved edit: a page load would ask "leave site?" (and a failure lost its undo).
  let dialogs = 0;
  page.on("dialog", (d) => { dialogs += 1; void d.dismiss(); });
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  const url = page.url();
  await page.getByTestId("export").locator("summary").click();
  // Small images start inline (there is no base); a base typed into the form unticks it, for
  // every image to be at the base, and emptied ticks it again.
  const inline = page.getByTestId("export-inline");
  await expect(inline).toBeChecked();
  await page.getByTestId("export-asset-base").fill("https://cdn.example.com/w/");
  await expect(inline).not.toBeChecked();
  await expect(page.getByTestId("export-status")).toHaveText("“Inline images” unticked: every image goes to the base.");
  await page.getByTestId("export-asset-base").fill("");
  await expect(inline).toBeChecked();
  // Nothing inline, by hand: the box no longer follows the field.
  await inline.uncheck();
  await page.getByTestId("export-asset-base").fill("x");
  await page.getByTestId("export-asset-base").fill("");
  await expect(inline).not.toBeChecked();
  await page.getByTestId("export-go").click();
  const error = page.getByTestId("export-error");
  await expect(error).toContainText("Nothing was downloaded");
  await expect(error).toContainText("Fill in “Asset base URL”");
  // The form's base is this export's (the saved one is under the design's details); and with
  // nothing inline, ticking the box is a way out.
  await expect(error).not.toContainText("remembered");
  await expect(error).toContainText("or tick “Inline images");
  await expect(error).not.toContainText("asset_base");
  await expect(error).toHaveAttribute("role", "alert");
  await expect(error).toBeFocused();
  // The field the error is about points at it.
  await expect(page.getByTestId("export-asset-base")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("export-asset-base")).toHaveAttribute("aria-describedby", "ws-export-error");
  // The page stayed: same address, the edit still there and undoable, nothing asked.
  expect(page.url()).toBe(url);
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  // A base the export refuses: said, and it stays typed.
  await page.getByTestId("export-asset-base").fill("ftp://cdn.example.com/w/");
  await page.getByTestId("export-go").click();
  await expect(error).toContainText('the Asset base URL "ftp://cdn.example.com/w/" is not http(s)');
  await expect(page.getByTestId("export-asset-base")).toHaveValue("ftp://cdn.example.com/w/");
  await page.getByTestId("export-asset-base").fill("");
  // The refused answer is logged by the browser as a failed load: expected here.
  consoleErrors.length = 0;
  await page.getByTestId("export-inline").check();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-go").click()]);
  expect(download.suggestedFilename()).toBe("form-fails-then-works.widget");
  expect(fs.readFileSync(await download.path()).toString()).toContain("data:image/png;base64,");
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId("export-asset-base")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("export-status")).toHaveText("Downloaded form-fails-then-works.widget.");
  // A zip too, named as the server names it.
  await page.getByTestId("export-zip").check();
  const [zip] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-go").click()]);
  expect(zip.suggestedFilename()).toBe("form-fails-then-works.zip");
  expect(dialogs).toBe(0);
  expect(page.url()).toBe(url);
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("save-state")).not.toContainText("Unsaved");
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("export-error")).toHaveCount(0);
});

test("a saved view the .widget export cannot write offers no .widget download, and says why", async ({ page }, info) => {
  const id = await create(page, {
    name: "Sum", kind: "jsx", default_state: {},
    source: "<Card>\n  <Text value={`${[1, 2].reduce((a, b) => a + b)}`} />\n</Card>\n",
  });
  const share = await (await page.request.post(`/api/designs/${id}/shares`)).json();
  expect((await page.request.get(`/api/designs/${id}/export?format=widget`)).status()).toBe(422);
  for (const url of [`/designs/${id}/edit`, `/designs/${id}`, share.url]) {
    await page.goto(url);
    if (jsEnabled(info.project.name)) await hydrated(page);
    if (url.endsWith("/edit")) {
      await page.getByTestId("export").locator("summary").click();
      // The problem list says it from the first paint, as a warning at its place.
      const warning = page.locator('[data-testid="problems"] li[data-severity="warning"]').filter({ hasText: ".widget template" });
      await expect(warning).toHaveCount(1);
      await expect(warning).toContainText("2:19");
      // The export form offers widget JSON instead.
      await expect(page.getByTestId("export-format-widget")).toBeDisabled();
      await expect(page.getByTestId("export-form").locator('input[value="json"]')).toBeChecked();
    }
    await expect(page.locator('a[download][href*="format=widget"]'), url).toHaveCount(0);
    await expect(page.getByTestId("widget-download-refused"), url).toHaveText(/\.widget \(unavailable\)$/);
    const note = page.getByTestId("widget-export-refused");
    await expect(note, url).toContainText("(line 2, column 19)");
    await expect(note, url).toContainText("The widget JSON downloads work.");
    await expect(note, url).toContainText("`.reduce` without a start value");
    // The JSON downloads still work.
    const json = page.locator('a[download][href*="format=json"]').first();
    expect((await page.request.get((await json.getAttribute("href"))!)).status(), url).toBe(200);
  }
});

test("without an asset base, the plain download links carry the images inline and say so; they never fail", async ({ page }, info) => {
  test.skip(jsEnabled(info.project.name), "plain links, no JavaScript");
  const up = await page.request.post("/api/assets", { multipart: { file: { name: "logo.png", mimeType: "image/png", buffer: LOGO } } });
  expect(up.status()).toBe(201);
  const logo = sha(LOGO);
  const id = await create(page, {
    name: "No base", kind: "jsx", default_state: {},
    source: `<Card>\n  <Image src="asset:${logo}" alt="Logo" size={64} />\n</Card>\n`,
  });
  const share = await (await page.request.post(`/api/designs/${id}/shares`)).json();
  // The export itself still refuses to leave a reference only the studio can serve.
  expect((await page.request.get(`/api/designs/${id}/export?format=widget`)).status()).toBe(422);
  for (const [url, links] of [[`/designs/${id}/edit`, "export"], [`/designs/${id}`, "design"], [share.url, "share-exports"]] as const) {
    await page.goto(url);
    if (links === "export") await page.getByTestId("export").locator("summary").click();
    await expect(page.getByTestId("inline-assets-note")).toContainText("inline as data: URLs");
    const exports = page.locator('a[download][href*="/export"]');
    const hrefs = await exports.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href")!));
    expect(hrefs.length, url).toBeGreaterThan(0);
    for (const href of hrefs) {
      expect(href, url).toContain("inline_unhosted=true");
      const r = await page.request.get(href);
      expect(r.status(), href).toBe(200);
      const body = await r.text();
      expect(body, href).toContain("data:image/png;base64,");
      expect(body, href).not.toContain("asset:");
    }
    // A real download, as a click makes it.
    const [download] = await Promise.all([page.waitForEvent("download"), exports.first().click()]);
    expect(fs.readFileSync(await download.path()).toString()).toContain("data:image/png;base64,");
  }
  // The server decides when the link is followed: a page drawn before the design had an image
  // (no note) still downloads it inline, and once a base is saved, the base's URLs.
  const later = await create(page, { name: "Later", kind: "jsx", default_state: {}, source: "<Card>\n  <Text value=\"Hi\" />\n</Card>\n" });
  await page.goto(`/designs/${later}`);
  await expect(page.getByTestId("inline-assets-note")).toHaveCount(0);
  const link = await page.locator('a[download][href*="format=widget"]').getAttribute("href");
  const put = async (doc: object) => {
    const rec = await (await page.request.get(`/api/designs/${later}`)).json();
    const r = await page.request.put(`/api/designs/${later}`, { data: { document: { ...rec.document, ...doc }, base_revision: rec.revision } });
    expect(r.status()).toBe(200);
  };
  await put({ source: `<Card>\n  <Image src="asset:${logo}" alt="Logo" size={64} />\n</Card>\n` });
  expect(await (await page.request.get(link!)).text()).toContain("data:image/png;base64,");
  await put({ export: { asset_base: "https://cdn.example.com/w/" } });
  const hosted = await (await page.request.get(link!)).text();
  expect(hosted).toContain(`https://cdn.example.com/w/`);
  expect(hosted).not.toContain("data:image/png;base64,");
});

test("the Python snippet's state points its images where the export puts them, or says it cannot", async ({ page }, info) => {
  const up = await page.request.post("/api/assets", { multipart: { file: { name: "Avatar.png", mimeType: "image/png", buffer: LOGO } } });
  expect(up.ok()).toBe(true);
  const logo = sha(LOGO);
  const id = await create(page, {
    name: "Snippet images", kind: "jsx", default_state: { avatar: `asset:${logo}` },
    source: `<Card>\n  <Image src={avatar} alt="Avatar" size={64} />\n</Card>\n`,
  });
  const snippet = page.getByTestId("python-snippet");
  const note = page.getByTestId("python-snippet-note");
  const open = async () => {
    if (jsEnabled(info.project.name)) await openEditor(page, id);
    else await page.goto(`/designs/${id}/edit`);
    await page.getByTestId("export").locator("summary").click();
  };
  // No asset base: the reference stays (nothing else could), and the page says so.
  await open();
  await expect(snippet).toContainText(`"avatar": "asset:${logo}"`);
  await expect(note).toContainText(`an image that only this studio serves (asset:${logo})`);
  await expect(note).toContainText("set the Asset base URL under “Name, description and tags” and save");
  // With one: the state's image is the file the export writes at the base, as the .widget's is.
  const rec = await (await page.request.get(`/api/designs/${id}`)).json();
  const put = await page.request.put(`/api/designs/${id}`, {
    data: { document: { ...rec.document, export: { asset_base: "https://cdn.example.com/w/" } }, base_revision: rec.revision },
  });
  expect(put.status()).toBe(200);
  await open();
  // The name the export gives the file (the asset's, which an earlier upload of the same bytes
  // may have given).
  const file = await (await page.request.get(`/api/designs/${id}/export?format=widget`)).text();
  const url = file.match(/https:\/\/cdn\.example\.com\/w\/[a-z0-9-]+\.png/)![0];
  expect(url).toContain(`-${logo.slice(0, 8)}.png`);
  await expect(snippet).toContainText(`"avatar": "${url}"`);
  await expect(note).toHaveCount(0);
  if (!jsEnabled(info.project.name)) return;
  // With JavaScript, a save that changes the base redraws the snippet from the server.
  await page.getByTestId("details").locator("summary").click();
  await page.getByTestId("detail-asset-base").fill("https://img.example.org/x/");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toContainText("Saved revision 3");
  await expect(snippet).toContainText(`"avatar": "${url.replace("https://cdn.example.com/w/", "https://img.example.org/x/")}"`);
  // The Assets panel names the designs that use the image apart: a comma between them, and
  // the id of each where two share a name.
  // A name that reads the same (a space after it) is a twin too.
  const twin = await create(page, {
    name: "Snippet images ", kind: "jsx", default_state: {},
    source: `<Card>\n  <Image src="asset:${logo}" alt="Avatar" size={64} />\n</Card>\n`,
  });
  await openEditor(page, id);
  const usedBy = page.locator(`[data-testid=asset][data-asset-id="${logo}"]`).getByTestId("asset-used-by");
  await expect(usedBy).toContainText(`Snippet images (${id})`);
  await expect(usedBy).toContainText(`Snippet images (${twin})`);
  await expect(usedBy).toContainText("), Snippet images (");
  // A renamed image is a renamed file in the exports: the snippet follows the rename (it kept
  // the old name until the page was loaded again).
  const row = page.locator(`[data-testid=asset][data-asset-id="${logo}"]`);
  const before = (await row.getByTestId("asset-name").textContent()) ?? "";
  // What is typed in the export form and not sent stays through the redraw.
  await page.getByTestId("export").locator("summary").click();
  await page.getByTestId("export-asset-base").fill("https://typed.example.com/");
  await row.getByTestId("asset-rename").click();
  // The field takes the focus as it opens (the button it replaced had it).
  await expect(row.getByTestId("asset-rename-input")).toBeFocused();
  await row.getByTestId("asset-rename-input").fill("Portrait of Ada.png");
  await row.getByTestId("asset-rename-input").press("Enter");
  await expect(row.getByTestId("asset-name")).toHaveText("Portrait of Ada.png");
  await expect(snippet).toContainText(`"avatar": "https://img.example.org/x/portrait-of-ada-${logo.slice(0, 8)}.png"`);
  await expect(page.getByTestId("export-asset-base")).toHaveValue("https://typed.example.com/");
  // The name back, for the tests that come after (the same bytes are one asset).
  expect((await page.request.patch(`/api/assets/${logo}`, { data: { name: before } })).ok()).toBe(true);
});

test("the Python snippet says which of the state's images the studio does not hold, with no base too", async ({ page, consoleErrors }, info) => {
  const gone = "0".repeat(64);
  const id = await create(page, {
    name: "Snippet gone", kind: "jsx", default_state: { avatar: `asset:${gone}` },
    source: `<Card>\n  <Image src={avatar} alt="Avatar" size={64} />\n</Card>\n`,
  });
  if (jsEnabled(info.project.name)) await openEditor(page, id);
  else await page.goto(`/designs/${id}/edit`);
  await page.getByTestId("export").locator("summary").click();
  await expect(page.getByTestId("python-snippet")).toContainText(`"avatar": "asset:${gone}"`);
  const note = page.getByTestId("python-snippet-note");
  await expect(note).toContainText(`an image that this studio does not hold (asset:${gone})`);
  await expect(note).toContainText("upload it again, or take it out of the state");
  await expect(note).not.toContainText("Asset base URL");
  // The preview asked for the image the studio does not hold: the one error, expected.
  expect(consoleErrors.length).toBeGreaterThan(0);
  expect(consoleErrors.every((e) => e.includes("404"))).toBe(true);
  consoleErrors.length = 0;
});

test("a .widget exported with an asset base, imported in another design, brings its images back as this studio's", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "import needs JavaScript");
  const up = await page.request.post("/api/assets", { multipart: { file: { name: "Mark.png", mimeType: "image/png", buffer: LOGO } } });
  expect(up.ok()).toBe(true);
  const logo = sha(LOGO);
  const from = await create(page, {
    name: "Exported with a base", kind: "jsx", default_state: { logo: `asset:${logo}` },
    source: `<Card>\n  <Image src={logo} alt="Logo" size={64} />\n</Card>\n`,
    export: { asset_base: "https://cdn.p.example/p/" },
  });
  const exported = await page.request.get(`/api/designs/${from}/export?format=widget`);
  expect(exported.status()).toBe(200);
  const file = await exported.body();
  expect(file.toString()).toContain("https://cdn.p.example/p/");
  const into = await create(page, { name: "Imported into", kind: "jsx", default_state: {}, source: "<Card>\n  <Text value=\"x\" />\n</Card>\n" });
  await openEditor(page, into);
  await expect(page.locator(`[data-testid=asset][data-asset-id="${logo}"]`)).toHaveCount(1);
  await page.getByTestId("import").setInputFiles({ name: "p.widget", mimeType: "application/json", buffer: file });
  await expect(page.getByTestId("import-note")).toContainText("Its image URLs that name this studio's images are asset: references again.");
  // The image draws (it pointed at the other design's CDN), and the save keeps the reference.
  await expectDrawn(page, logo);
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toContainText("Saved revision 2");
  const rec = await (await page.request.get(`/api/designs/${into}`)).json();
  expect(rec.document.default_state.logo).toBe(`asset:${logo}`);
});

