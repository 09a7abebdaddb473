import { test, expect, jsEnabled, hydrated } from "./fixtures";
import type { Page } from "@playwright/test";

/** Waits for the code editor (CodeMirror, loaded by dynamic import) to replace the text box. */
async function editorReady(page: Page) {
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  await expect(page.locator(".cm-content")).toBeVisible();
}

/** Replaces the code editor's whole text, as a paste would. */
async function setCode(page: Page, text: string) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

async function newCard(page: Page) {
  await page.goto("/");
  await page.getByTestId("new-card").click();
  await expect(page).toHaveURL(/\/designs\/[A-Za-z0-9_-]+\/edit$/);
  await expect(page.getByTestId("design-name")).toHaveText("Untitled card");
}

const edited = `<Card size="md">
  <Title value={title} />
  <Text value="Typed in the studio 👋 你好" />
</Card>
`;

test("a new card opens in the editor, takes edits live and saves a revision", async ({ page }, info) => {
  await newCard(page);
  await expect(page.locator('.ws-frame .wgt-title').first()).toHaveText("A new card");
  // Both themes by default.
  await expect(page.locator('.ws-frame[data-theme="dark"]')).toHaveCount(1);
  // Export: downloads and the Python that builds it with the SDK.
  await page.getByTestId("export").locator("summary").click();
  await expect(page.getByTestId("python-snippet")).toContainText('WidgetTemplate.from_file("untitled-card.widget")');
  const dl = await page.getByTestId("export").getByRole("link", { name: "Download .widget" }).getAttribute("href");
  const download = await page.request.get(dl!);
  expect(download.status()).toBe(200);
  // The file the snippet loads is the file the download saves.
  expect(download.headers()["content-disposition"]).toContain('filename="untitled-card.widget"');
  if (!jsEnabled(info.project.name)) {
    // Without JavaScript: a plain form saves through the server, which draws the preview.
    await page.getByTestId("source").fill(edited);
    await page.getByTestId("message").fill("from a form");
    await page.getByTestId("save").click();
    await expect(page).toHaveURL(/\?saved=2$/);
    await expect(page.getByTestId("notice")).toContainText("Saved revision 2");
    await expect(page.getByTestId("revision")).toHaveText("revision 2");
    await expect(page.locator(".ws-frame .wgt-text").first()).toContainText("Typed in the studio");
    // Someone saves meanwhile: the form's text is kept as a copy, whose first revision says so.
    const id = page.url().split("/designs/")[1].split("/")[0];
    const now = await (await page.request.get(`/api/designs/${id}`)).json();
    const theirs = await page.request.put(`/api/designs/${id}`, { data: { document: now.document, base_revision: 2, message: "theirs" } });
    expect(theirs.status()).toBe(200);
    await page.getByTestId("source").fill(edited.replace("Typed in the studio", "Mine meanwhile"));
    await page.getByTestId("save").click();
    await expect(page).toHaveURL(new RegExp(`conflict=3&from=${id}$`));
    await expect(page.getByTestId("notice")).toContainText("your text was kept as this copy");
    await expect(page.getByTestId("history").getByTestId("revision-row")).toContainText('Your version of "Untitled card", kept as a copy: its revision 3 was saved meanwhile');
    return;
  }
  await editorReady(page);
  const requests: string[] = [];
  // Images (the Assets panel's thumbnails load as they come into view) are not questions.
  page.on("request", (r) => r.resourceType() !== "image" && requests.push(`${r.method()} ${r.url()}`));
  await setCode(page, edited);
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("Typed in the studio 👋 你好");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  expect(requests, "typing asks the server nothing").toEqual([]);
  await page.screenshot({ path: info.outputPath("editor.png"), fullPage: true });
  await page.getByTestId("message").fill("Greeting in two scripts");
  await page.keyboard.press("Control+S");
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  // Again with nothing changed: no revision that changes nothing.
  await page.keyboard.press("Control+S");
  await expect(page.getByTestId("save-state")).toHaveText("Nothing to save: no change since revision 2");
  // The page around the editor follows the save: a link pinned from here pins revision 2.
  await expect(page.getByTestId("revision")).toHaveText("revision 2");
  await expect(page.getByTestId("share-pin")).toHaveAttribute("value", "2");
  await expect(page.getByTestId("share-pin")).toHaveText("stays at revision 2");
  await expect(page.getByTestId("history").locator('[data-testid="revision-row"][data-revision="2"]')).toHaveCount(1);
  await expect(page.getByTestId("history").locator("summary")).toHaveText("History (2 revisions)");
  // As the server lists it: the new row with its message, the older one comparable with it
  // and restorable.
  const history = page.getByTestId("history");
  await history.locator("summary").click();
  await expect(history.locator('[data-revision="2"]')).toContainText("Greeting in two scripts");
  await expect(history.locator('[data-revision="1"]')).toContainText("Started from the blank card");
  await expect(history.locator('[data-revision="1"]').getByRole("link", { name: "compare with latest: revision 1 with 2" })).toHaveAttribute("href", /from=1&to=2/);
  await expect(history.locator('[data-revision="1"]').getByTestId("restore-revision")).toHaveText("restore 1");
  await page.reload();
  await editorReady(page);
  await expect(page.getByTestId("revision")).toHaveText("revision 2");
  await expect(page.locator(".cm-content")).toContainText("Typed in the studio 👋 你好");
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);
  // The evidence for the README: the editor in both studio themes.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: "docs/screenshots/editor-light.png" });
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.screenshot({ path: "docs/screenshots/editor-dark.png" });
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});

test("a view the .widget export cannot write is a warning while typing, at its place", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the code editor needs JavaScript");
  await newCard(page);
  await editorReady(page);
  // The code editor's text area points a screen reader at what Tab does there.
  await expect(page.locator(".cm-content").first()).toHaveAttribute("aria-describedby", "ws-code-keys");
  await expect(page.locator("#ws-code-keys")).toHaveText("Tab indents. To leave the editor, press Escape, then Tab.");
  await expect(page.locator("#ws-code-keys")).toBeVisible();
  await setCode(page, "<Card>\n  <Text value={`${[1, 2].reduce((a, b) => a + b)}`} />\n</Card>\n");
  // The preview builds (JavaScript's reduce gives 3); only the export cannot write it.
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("3");
  const warning = page.locator('[data-testid="problems"] li[data-severity="warning"]').filter({ hasText: ".widget template" });
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText("2:19");
  await expect(warning).toContainText("`.reduce` without a start value");
  await expect(page.locator('[data-testid="problems"] li[data-severity="error"]')).toHaveCount(0);
  // With a start value it exports, and the warning goes.
  await setCode(page, "<Card>\n  <Text value={`${[1, 2].reduce((a, b) => a + b, 0)}`} />\n</Card>\n");
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("3");
  await expect(warning).toHaveCount(0);
  // A view over 32 KiB builds on the server; the editor still says what the export cannot write.
  const rows = Array.from({ length: 800 }, (_, i) => `  <Text value="row ${i} of a long generated view" />`).join("\n");
  await setCode(page, "<Card>\n  <Text value={`${[1, 2].reduce((a, b) => a + b)}`} />\n" + rows + "\n</Card>\n");
  await expect(page.locator(".ws-frame .wgt-text").nth(1)).toHaveText("row 0 of a long generated view");
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText("2:19");
});

test("an error is listed, underlined, and a click lands on it; the last good preview stays", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the code editor needs JavaScript");
  await newCard(page);
  await editorReady(page);
  // A bad enum value after non-ASCII text: the span must survive the UTF-16 conversion.
  await setCode(page, `<Card size="md">\n  <Text value="日本語 👋" />\n  <Badge label="x" color="rainbow" />\n</Card>\n`);
  const problem = page.getByTestId("problem").first();
  await expect(problem).toContainText("3:");
  await expect(problem).toContainText("rainbow");
  await expect(page.locator(".cm-lintRange-error")).toHaveCount(1);
  await problem.click();
  const selected = await page.evaluate(() => document.getSelection()?.toString());
  expect(selected).toBe('"rainbow"');
  // A source that does not parse keeps the last preview, marked stale.
  await setCode(page, `<Card>\n  <Text value="half`);
  await expect(page.getByTestId("stale")).toBeVisible();
  await expect(page.locator(".ws-frame .wgt-badge").first()).toBeVisible();
  await expect(page.getByTestId("problem").first()).toContainText("2:");
});

test("a save that meets a newer revision opens the conflict dialog; take theirs or overwrite", async ({ page, browser, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the conflict dialog needs JavaScript");
  await newCard(page);
  const url = page.url();
  await editorReady(page);
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto(url);
  await editorReady(page2);
  await setCode(page2, `<Card><Text value="theirs" /></Card>\n`);
  await page2.keyboard.press("Control+S");
  await expect(page2.getByTestId("save-state")).toHaveText("Saved revision 2");

  await setCode(page, `<Card><Text value="mine" /></Card>\n`);
  await page.getByTestId("save").click();
  const dialog = page.getByTestId("conflict");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("revision 2");
  await expect(page.getByTestId("conflict-diff")).toContainText('+ <Card><Text value="mine" /></Card>  (you added it)');
  await expect(page.getByTestId("conflict-diff")).toContainText('- <Card><Text value="theirs" /></Card>  (they added it)');
  // The choice starts at the first button; the diff before it scrolls by keyboard too.
  await expect(page.getByTestId("take-theirs")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByTestId("conflict-diff")).toBeFocused();
  await page.getByTestId("take-theirs").click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator(".cm-content")).toContainText('value="theirs"');
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("theirs");

  // Now page 2 is behind: overwrite wins.
  await setCode(page, `<Card><Text value="mine again" /></Card>\n`);
  await page.keyboard.press("Control+S");
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 3");
  await setCode(page2, `<Card><Text value="late" /></Card>\n`);
  await page2.keyboard.press("Control+S");
  await expect(page2.getByTestId("conflict")).toBeVisible();
  await page2.getByTestId("overwrite").click();
  await expect(page2.getByTestId("save-state")).toHaveText("Saved revision 4");
  await other.close();
  // The browser logs the expected 409 answer as a failed resource; nothing else may be logged.
  const unexpected = consoleErrors.filter((e) => !e.includes("409 (Conflict)"));
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});

test("work typed but not saved comes back after a reload", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft lives in the browser");
  await newCard(page);
  await editorReady(page);
  await setCode(page, `<Card><Text value="not saved yet" /></Card>\n`);
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  // Leaving asks first.
  page.once("dialog", (d) => d.accept());
  await page.reload();
  await editorReady(page);
  await expect(page.getByTestId("draft-offer")).toBeVisible();
  await page.getByTestId("restore-draft").click();
  await expect(page.locator(".cm-content")).toContainText("not saved yet");
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("not saved yet");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  // The offer's buttons went: the focus is in the restored code, not lost to the page.
  await expect(page.locator('[data-testid="code-host"] .cm-content')).toBeFocused();
});

test("text typed in the plain box while the code editor loads comes into it, as one undoable edit", async ({ page, request }, info) => {
  test.skip(!jsEnabled(info.project.name), "the code editor needs JavaScript");
  const doc = { name: "Typed early", kind: "jsx", source: "<Card><Text value=\"as saved\" /></Card>\n", default_state: {} };
  const { id } = await (await request.post("/api/designs", { data: { document: doc } })).json();
  // The code editor's bundle held back, as on a slow connection.
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await page.route("**/js/editor.js", async (route) => { await gate; await route.continue(); });
  await page.goto(`/designs/${id}/edit`);
  await hydrated(page);
  const box = page.getByTestId("source");
  await box.fill("<Card><Text value=\"typed early\" /></Card>\n");
  release();
  await editorReady(page);
  const view = page.getByTestId("code-host").locator(".cm-content");
  await expect(view).toContainText("typed early");
  await expect(view).toBeFocused();
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("typed early");
  await page.keyboard.press("Control+z");
  await expect(view).toContainText("as saved");
});

test("a value typed in the inspector and not yet committed is kept when the page is left", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the inspector needs JavaScript");
  await newCard(page);
  await editorReady(page);
  await page.locator('.ws-frame[data-theme="light"]').getByRole("button", { name: "Open" }).click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Button");
  await page.getByTestId("prop-label").fill("A label I typed carefully");
  // Neither Enter nor Tab: the page is reloaded with the focus still in the field.
  let asked = false;
  page.once("dialog", (d) => { asked = true; return d.accept(); });
  await page.reload();
  await editorReady(page);
  expect(asked).toBe(true);
  await page.getByTestId("restore-draft").click();
  await expect(page.getByTestId("code-host").locator(".cm-content")).toContainText('label="A label I typed carefully"');
});

test("a draft brings back the states and the schema, not only the view", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft lives in the browser");
  await newCard(page);
  await editorReady(page);
  // A named state added and edited in the Data tab, and a schema inferred: nothing typed in the view.
  await page.getByTestId("tab-data").click();
  await page.getByTestId("state-add").click();
  await page.getByTestId("data-host").locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"id": "x", "title": "Kept in the draft", "body": "b"}');
  await expect(page.locator('.ws-frame[data-state="state"] .wgt-title').first()).toHaveText("Kept in the draft");
  await page.getByTestId("tab-schema").click();
  await page.getByTestId("schema-infer").click();
  await expect(page.getByTestId("schema-mode")).toHaveText("JSON Schema");
  // And the details in the header.
  await page.getByTestId("details").locator("summary").click();
  await page.getByTestId("detail-name").fill("Renamed in the draft");
  await page.getByTestId("detail-tags").fill("kept, draft");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  page.once("dialog", (d) => d.accept());
  await page.reload();
  await editorReady(page);
  await expect(page.locator('.ws-frame[data-state="state"]')).toHaveCount(0);
  await page.getByTestId("details").locator("summary").click();
  await expect(page.getByTestId("detail-name")).toHaveValue("Untitled card");
  await page.getByTestId("restore-draft").click();
  await expect(page.locator('.ws-frame[data-state="state"] .wgt-title').first()).toHaveText("Kept in the draft");
  // The header's fields show the restored details.
  await expect(page.getByTestId("detail-name")).toHaveValue("Renamed in the draft");
  await expect(page.getByTestId("detail-tags")).toHaveValue("kept, draft");
  await page.getByTestId("tab-schema").click();
  await expect(page.getByTestId("schema-mode")).toHaveText("JSON Schema");
  await expect(page.getByTestId("schema-host").locator(".cm-content")).toContainText('"$schema"');
  await page.getByTestId("tab-data").click();
  await page.getByTestId("state-select").selectOption("state");
  await expect(page.getByTestId("data-host").locator(".cm-content")).toContainText("Kept in the draft");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
});

test("text typed in the Data tab or the rules box that does not read yet comes back with the draft, as typed", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft lives in the browser");
  await newCard(page);
  await editorReady(page);
  await page.getByTestId("tab-data").click();
  await page.getByTestId("data-host").locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"title": "UNSAVED-NOTE" oops');
  await expect(page.getByTestId("data-error")).toBeVisible();
  await page.getByTestId("actions-panel").locator("> summary").click();
  await page.getByTestId("actions-rules").fill('{"rules": [ half typed');
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  page.once("dialog", (d) => d.accept());
  await page.reload();
  await editorReady(page);
  await page.getByTestId("restore-draft").click();
  // Both boxes hold what was typed, and it still does not read: nothing saves until it does.
  await page.getByTestId("tab-data").click();
  await expect(page.getByTestId("data-host").locator(".cm-content")).toContainText('"UNSAVED-NOTE" oops');
  await expect(page.getByTestId("data-error")).toBeVisible();
  await page.getByTestId("actions-panel").locator("> summary").click();
  await expect(page.getByTestId("actions-rules")).toHaveValue('{"rules": [ half typed');
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-error")).toContainText("do not read");
});

test("overwrite with mine saves every part I changed and keeps their changes to the rest", async ({ page, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the conflict dialog needs JavaScript");
  await newCard(page);
  const id = page.url().match(/designs\/([^/]+)\/edit/)![1];
  await editorReady(page);
  // Mine: only the default state, in the Data tab.
  await page.getByTestId("tab-data").click();
  await expect(page.getByTestId("data-host").locator(".cm-content")).toContainText("A new card");
  await page.getByTestId("data-host").locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"id": "item-1", "title": "Typed in the Data tab", "body": "mine"}');
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("Typed in the Data tab");
  // Theirs, meanwhile: a rename.
  const patched = await page.request.patch(`/api/designs/${id}`, { data: { patch: { name: "Renamed by a colleague" } } });
  expect(patched.status()).toBe(200);
  await page.getByTestId("save").click();
  await expect(page.getByTestId("conflict")).toBeVisible();
  // The dialog says what each side changed besides the view.
  await expect(page.getByTestId("conflict-diff")).toHaveText("(the views are the same)");
  await expect(page.getByTestId("conflict-parts")).toContainText("Revision 2 also changed the name.");
  await expect(page.getByTestId("conflict-parts")).toContainText("You also changed the default state.");
  // Another save lands while the dialog is open: overwriting meets it, and the dialog shows it.
  const described = await page.request.patch(`/api/designs/${id}`, { data: { patch: { description: "Described meanwhile" } } });
  expect(described.status()).toBe(200);
  await page.getByTestId("overwrite").click();
  await expect(page.getByTestId("conflict")).toContainText("revision 3");
  await expect(page.getByTestId("conflict-parts")).toContainText("Revision 3 also changed the name, the description.");
  await page.getByTestId("overwrite").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 4");
  // All are saved: my state, their name and the later description; the page shows it.
  const saved = await (await page.request.get(`/api/designs/${id}`)).json();
  expect(saved.document.name).toBe("Renamed by a colleague");
  expect(saved.document.description).toBe("Described meanwhile");
  expect(saved.document.default_state.title).toBe("Typed in the Data tab");
  await page.getByTestId("details").locator("summary").click();
  await expect(page.getByTestId("detail-name")).toHaveValue("Renamed by a colleague");
  await page.reload();
  await editorReady(page);
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("Typed in the Data tab");
  const unexpected = consoleErrors.filter((e) => !e.includes("409 (Conflict)"));
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});

test("overwrite with mine merges the view line by line: their edits to other lines stay; where we both changed a line, mine is kept and said", async ({ page, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the conflict dialog needs JavaScript");
  await newCard(page);
  const id = page.url().match(/designs\/([^/]+)\/edit/)![1];
  await editorReady(page);
  // Theirs: the Button's label (line 7) and the Text's colour (line 4), saved meanwhile.
  const rec = await (await page.request.get(`/api/designs/${id}`)).json();
  const theirs = rec.document.source
    .replace('label="Open"', 'label="Open it"')
    .replace('color="secondary"', 'color="primary"');
  const put = await page.request.put(`/api/designs/${id}`, { data: { document: { ...rec.document, source: theirs }, base_revision: rec.revision } });
  expect(put.status()).toBe(200);
  // Mine: the Title's size (line 3) and the same Text colour, otherwise.
  const mine = rec.document.source
    .replace('size="sm"', 'size="lg"')
    .replace('color="secondary"', 'color="success"');
  await setCode(page, mine);
  await page.getByTestId("save").click();
  await expect(page.getByTestId("conflict")).toBeVisible();
  await page.getByTestId("overwrite").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 3");
  const saved = (await (await page.request.get(`/api/designs/${id}`)).json()).document.source;
  expect(saved).toContain('size="lg"');
  expect(saved).toContain('label="Open it"');
  expect(saved).toContain('color="success"');
  expect(saved).not.toContain('color="primary"');
  // My Title and Text lines (3–4) are one change, which meets theirs at line 4.
  await expect(page.getByTestId("merge-note")).toHaveText("Saved over revision 2: their other changes are in; where you both changed the same thing, yours was kept: their lines 3–4 were replaced by yours (lines 3–4). History has their revision.");
  // The page shows what was saved: their label is in the code.
  await expect(page.locator(".cm-content").first()).toContainText('label="Open it"');
  const unexpected = consoleErrors.filter((e) => !e.includes("409 (Conflict)"));
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});

test("after overwrite with mine, undo takes back my own last edit, not their changes the merge brought in", async ({ page, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the conflict dialog needs JavaScript");
  await newCard(page);
  const id = page.url().match(/designs\/([^/]+)\/edit/)![1];
  await editorReady(page);
  // Theirs: the Button's label, saved meanwhile.
  const rec = await (await page.request.get(`/api/designs/${id}`)).json();
  const put = await page.request.put(`/api/designs/${id}`, { data: { document: { ...rec.document, source: rec.document.source.replace('label="Open"', 'label="Open it"') }, base_revision: rec.revision } });
  expect(put.status()).toBe(200);
  // Mine: a Divider typed after the Title.
  const code = page.locator(".cm-content").first();
  await page.locator(".cm-line", { hasText: "<Title" }).click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.insertText("<Divider />");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("conflict")).toBeVisible();
  // The dialog says who made each difference: their label is not mine to undo.
  const diff = page.getByTestId("conflict-diff");
  const row = (text: string) => diff.locator("div", { hasText: text });
  await expect(row('label="Open it"')).toHaveText(/^- .*\(they added it\)$/);
  await expect(row('label="Open"')).toHaveText(/^\+ .*\(they removed it\)$/);
  await expect(row("<Divider />")).toHaveText(/^\+ .*\(you added it\)$/);
  await page.getByTestId("overwrite").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 3");
  await expect(code).toContainText('label="Open it"');
  // Undo: my Divider goes (Enter and the typed line may be one step or two); their label,
  // which the merge brought in, stays: a next save would not revert it.
  await code.focus();
  await page.keyboard.press("Control+z");
  await expect(code).toContainText('label="Open it"');
  if ((await code.textContent())!.includes("<Divider")) await page.keyboard.press("Control+z");
  await expect(code).not.toContainText("<Divider");
  await expect(code).toContainText('label="Open it"');
  // Redo brings mine back, theirs still there.
  await page.keyboard.press("Control+Shift+z");
  await expect(code).toContainText('label="Open it"');
  const unexpected = consoleErrors.filter((e) => !e.includes("409 (Conflict)"));
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});

test("renaming the state the preview shows alone: the preview, the copy picker and the address follow the new name", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the Data tab needs JavaScript");
  const doc = {
    name: "States", kind: "jsx", source: "<Card><Text value={t} /></Card>\n",
    default_state: { t: "dflt" }, states: [{ name: "alpha", data: { t: "ALPHA" } }],
  };
  const created = await (await page.request.post("/api/designs", { data: { document: doc } })).json();
  await page.goto(`/designs/${created.id}/edit?state=alpha`);
  await editorReady(page);
  await expect(page.locator('.ws-frame[data-state="alpha"]')).toHaveCount(2);
  await page.getByTestId("tab-data").click();
  await page.getByTestId("state-select").selectOption("alpha");
  await page.getByTestId("state-rename").click();
  await page.getByTestId("state-rename-input").fill("gamma");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("state-select")).toHaveValue("gamma");
  await expect(page.locator('.ws-frame[data-state="gamma"]')).toHaveCount(2);
  await expect(page.locator('.ws-frame[data-state="default"]')).toHaveCount(0);
  await expect(page.locator('.ws-frame[data-state="gamma"] .wgt-text').first()).toHaveText("ALPHA");
  await expect(page).toHaveURL(/[?&]state=gamma(&|$)/);
  await expect(page.getByTestId("copy-json-state")).toHaveValue("gamma");
});

test("a save from the editor keeps every JSON value of the states, the schema and the rules as it was", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the editor saves through JavaScript");
  const doc = {
    name: "Types", kind: "jsx", source: "<Card><Text value={t} /></Card>\n",
    default_state: { t: "x", n: 3, f: 4.5, b: true, z: null, o: {}, l: [1, "2", false] },
    states: [{ name: "s", data: { t: "y", n: -1, deep: { a: [{}] } } }],
    handlers: { rules: [{ on: "go", steps: [{ step: "delay", ms: 10 }, { step: "notice", level: "info", message: "ok" }] }] },
  };
  const created = await (await page.request.post("/api/designs", { data: { document: doc } })).json();
  await page.goto(`/designs/${created.id}/edit`);
  await editorReady(page);
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("\n");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  const saved = (await (await page.request.get(`/api/designs/${created.id}`)).json()).document;
  expect(saved.default_state).toEqual(doc.default_state);
  expect(saved.states).toEqual(doc.states);
  expect(saved.handlers).toEqual(doc.handlers);
  expect(saved.schema).toEqual(created.document.schema);
});

test("a save that fails says why, and the work stays", async ({ page, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the editor saves through JavaScript");
  await newCard(page);
  await editorReady(page);
  await setCode(page, `<Card><Text value="kept while the server is away" /></Card>\n`);
  // The server cannot be reached.
  await page.route("**/api/ui/save**", (route) => route.abort("connectionrefused"));
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-error")).toBeVisible();
  await expect(page.getByTestId("save-error")).toContainText("Not saved:");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  await page.unroute("**/api/ui/save**");
  // What the server would refuse is said at its box, at once (a tag over 50 characters; the
  // server's own refusal, which names "tags[0]", is tested by the API tests).
  await page.getByTestId("details").locator("summary").click();
  await page.getByTestId("detail-tags").fill("x".repeat(60));
  await expect(page.getByTestId("tags-problem")).toContainText('is longer than 50 characters. The tags stay as they were until this is fixed.');
  await page.getByTestId("detail-tags").fill("ok");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  await expect(page.getByTestId("save-error")).toBeHidden();
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("kept while the server is away");
  const unexpected = consoleErrors.filter((e) => !e.includes("Failed to load resource"));
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});

test("one tab's save leaves another tab's unsaved draft", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft lives in the browser");
  await newCard(page);
  const url = page.url();
  await editorReady(page);
  // The first tab has unsaved work (its draft is stored).
  await setCode(page, `<Card><Text value="saved in tab A" /></Card>\n`);
  await expect
    .poll(() => page.evaluate(() => Object.values(localStorage).some((v) => v.includes("saved in tab A"))))
    .toBe(true);
  // A second tab of the same browser is offered that draft, ignores it, types, and is never
  // saved: its own draft is stored all the same.
  const tabB = await page.context().newPage();
  await tabB.goto(url);
  await editorReady(tabB);
  await expect(tabB.getByTestId("draft-offer")).toBeVisible();
  await setCode(tabB, `<Card><Text value="typed in tab B" /></Card>\n`);
  await expect
    .poll(() => tabB.evaluate(() => Object.values(localStorage).some((v) => v.includes("typed in tab B"))))
    .toBe(true);
  // The first tab saves its own edit.
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  // Tab B dies without a word (a crash, a killed browser).
  await tabB.close({ runBeforeUnload: false });
  await page.reload();
  await editorReady(page);
  await expect(page.getByTestId("draft-offer")).toBeVisible();
  await page.getByTestId("restore-draft").click();
  await expect(page.locator(".cm-content")).toContainText("typed in tab B");
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("typed in tab B");
});

test("Discard in a second tab leaves the draft of a tab that is still open", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft lives in the browser");
  await newCard(page);
  const url = page.url();
  await editorReady(page);
  await setCode(page, `<Card><Text value="still open in tab A" /></Card>\n`);
  const kept = (p: Page) => p.evaluate(() => Object.values(localStorage).some((v) => v.includes("still open in tab A")));
  await expect.poll(() => kept(page)).toBe(true);
  const tabB = await page.context().newPage();
  await tabB.goto(url);
  await editorReady(tabB);
  await expect(tabB.getByTestId("other-tab")).toBeVisible();
  await tabB.getByTestId("discard-draft").click();
  await expect(tabB.getByTestId("draft-offer")).toHaveCount(0);
  await expect(tabB.getByTestId("save-state")).toHaveText("Discarded the unsaved work this browser kept");
  await expect(tabB.locator('[data-testid="code-host"] .cm-content')).toBeFocused();
  // Tab A's work is still kept: it dies now, and comes back.
  expect(await kept(tabB)).toBe(true);
  await page.close({ runBeforeUnload: false });
  // Tab A said it went: B is alone now, and A's draft is no longer held for it.
  await expect(tabB.getByTestId("other-tab")).toHaveCount(0);
  await tabB.reload();
  await editorReady(tabB);
  await tabB.getByTestId("restore-draft").click();
  await expect(tabB.locator(".ws-frame .wgt-text").first()).toHaveText("still open in tab A");
  await tabB.close();
});

/** Pastes `text` over the whole of a code editor, as Ctrl+V would (a 4 MiB clipboard is faster
 * to hand over this way than through the keyboard API). */
async function pasteOver(page: Page, host: string, text: string) {
  await page.getByTestId(host).locator(".cm-content").evaluate((el, t) => {
    (el as HTMLElement).focus();
    document.execCommand("selectAll");
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** The longest main-thread task (ms) while `act` runs and for half a second after; 0 if none
 * went over the browser's 50 ms long-task floor. */
async function longestTaskDuring(page: Page, act: () => Promise<unknown>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __po?: PerformanceObserver };
    w.__longest = 0;
    w.__po = new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__longest = Math.max(w.__longest, e.duration); });
    w.__po.observe({ type: "longtask" });
  });
  await act();
  await page.waitForTimeout(500);
  return page.evaluate(() => {
    const w = window as unknown as { __longest: number; __po?: PerformanceObserver };
    w.__po?.disconnect();
    return w.__longest;
  });
}

test("a huge paste, deep nesting or garbage gives a located error; the last good preview stays; large views build on the server", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the live preview needs JavaScript");
  await newCard(page);
  await editorReady(page);
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("A new card");
  const previews: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/api/preview")) previews.push(r.url()); });

  // 4 MiB of binary garbage: refused before the editor takes it in (the server's limit is 1 MiB),
  // located where it would have gone, and never sent. The view and the preview stay as they were.
  const before = await page.getByTestId("code-host").locator(".cm-content").innerText();
  // The 4 MiB are made in the page, so that handing them over is not counted as the page's work.
  await page.evaluate(() => {
    (window as unknown as { __garbage: string }).__garbage =
      Array.from({ length: 4 << 20 }, (_, i) => "\u0001\u0000\uFFFD<{>\"a"[(i * 7919) % 9]).join("");
  });
  const longest = await longestTaskDuring(page, () => page.getByTestId("code-host").locator(".cm-content").evaluate((el) => {
    (el as HTMLElement).focus();
    document.execCommand("selectAll");
    const data = new DataTransfer();
    data.setData("text/plain", (window as unknown as { __garbage: string }).__garbage);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }));
  const problem = page.getByTestId("problem").first();
  await expect(problem).toContainText("1:1");
  await expect(problem).toContainText(/not pasted: the view would be at least \d{7} bytes/);
  await expect(problem).toContainText("at most 1048576 bytes (1 MiB)");
  expect(await page.getByTestId("code-host").locator(".cm-content").innerText()).toBe(before);
  await expect(page.getByTestId("stale")).toHaveCount(0);
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("A new card");
  expect(previews).toEqual([]);
  // Refused at once: about 10 ms of work on an idle machine (scripts/bench/paste.mjs), where
  // taking the paste in had frozen the page for about a second. The bound leaves room for a
  // loaded CI machine.
  expect(longest).toBeLessThan(100);

  // A paste elsewhere is located where the cursor was: line 2, column 3.
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.getByTestId("code-host").locator(".cm-content").evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, "y".repeat(1 << 20));
  await expect(problem).toContainText("2:3");
  await expect(problem).toContainText("not pasted");
  expect(await page.getByTestId("code-host").locator(".cm-content").innerText()).toBe(before);

  // Deep nesting: the parser's limit, located.
  await pasteOver(page, "code-host", "<Card>" + "<Box>".repeat(5000) + "</Card>");
  await expect(problem).toContainText("not pasted: the pasted text nests deeper than 64 levels at its line 1, column ");
  await expect(problem).toContainText("1:1");
  await expect(page.getByTestId("code-host").locator(".cm-content")).not.toContainText("<Box><Box>");
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("A new card");

  // Binary garbage is refused at the paste, naming the first control character and where it is.
  await pasteOver(page, "code-host", "<Card>\n  \u0000\u0001 binary \uFFFD");
  await expect(problem).toContainText("1:1");
  await expect(problem).toContainText("control character U+0000 at its line 2, column 3");
  await expect(page.getByTestId("code-host").locator(".cm-content")).not.toContainText("binary");
  await expect(page.getByTestId("stale")).toHaveCount(0);

  // A drop is located where it lands (line 3, column 1 here), and says it was a drop.
  const line3 = await page.getByTestId("code-host").locator(".cm-line").nth(2).boundingBox();
  await page.getByTestId("code-host").locator(".cm-content").evaluate((el, [x, y]) => {
    const data = new DataTransfer();
    data.setData("text/plain", "\u0007 bell");
    el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, clientX: x, clientY: y, bubbles: true, cancelable: true }));
  }, [line3!.x + 1, line3!.y + line3!.height / 2]);
  await expect(problem).toContainText("3:1");
  await expect(problem).toContainText("not dropped: the dropped text holds the control character U+0007 at its line 1, column 1");
  await expect(page.getByTestId("code-host").locator(".cm-content")).not.toContainText("bell");

  // Nesting the parser reads but deeper than the guard counts is not refused: 60 levels build.
  await pasteOver(page, "code-host", "<Card>" + "<Box>".repeat(60) + '<Text value="deep" />' + "</Box>".repeat(60) + "</Card>");
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("deep");

  // A view over 32 KiB builds on the server, once typing pauses, and previews. Over 64 KiB the
  // code editor is plain text (CodeMirror's parse of it took hundreds of milliseconds), and
  // says so; the highlighting comes back when the text is small again.
  const plainPanel = page.getByTestId("code-host").locator(".cm-ws-plain");
  await expect(page.getByTestId("code-host").locator(".cm-content [class^='ͼ']").first()).toBeVisible();
  const rows = Array.from({ length: 3000 }, (_, i) => `  <Text value="row ${i} of a long generated view" />`).join("\n");
  await pasteOver(page, "code-host", `<Card>\n${rows}\n</Card>\n`);
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("row 0 of a long generated view");
  await expect(page.getByTestId("stale")).toHaveCount(0);
  expect(previews.length).toBeGreaterThan(0);
  await expect(plainPanel).toHaveAttribute("role", "status");
  await expect(plainPanel).toContainText("Plain text: highlighting, folding and completion are off while the text is over 64 KiB.");
  await expect(page.getByTestId("code-host").locator(".cm-content [class^='ͼ']")).toHaveCount(0);

  // The Data tab refuses a state over 1 MiB, located, and keeps the state it had.
  await pasteOver(page, "code-host", `<Card><Title value={title} /></Card>\n`);
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("A new card");
  await expect(plainPanel).toHaveCount(0);
  await expect(page.getByTestId("code-host").locator(".cm-content [class^='ͼ']").first()).toBeVisible();
  await page.getByTestId("tab-data").click();
  await pasteOver(page, "data-host", JSON.stringify({ title: "x".repeat(1 << 20) }));
  await expect(page.getByTestId("data-error")).toContainText("line 1, column 1: not pasted: the state would be ");
  await expect(page.getByTestId("data-host").locator(".cm-content")).not.toContainText("xxxxxxxx");
  // And JSON nested deeper than the JSON reader's 256 levels.
  await pasteOver(page, "data-host", "[".repeat(300));
  await expect(page.getByTestId("data-error")).toContainText("not pasted: the pasted text nests deeper than 256 levels at its line 1, column 257");
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("A new card");
});

test("a typed text, or a changed attribute, redraws only the component it changed, in place; the drawn DOM always matches the latest drawing", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the live preview needs JavaScript");
  await newCard(page);
  await editorReady(page);
  const frames = page.locator('[data-testid="live-preview"] .ws-frame .wgt');
  await pasteOver(page, "code-host", '<Card>\n  <Title value="Hello" />\n  <Text value="one & two" />\n  <Badge label="new" color="info" />\n</Card>\n');
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("Hello");
  // Every drawn widget equals a fresh parse of the HTML it was last drawn from.
  const matches = () => frames.evaluateAll((els) => els.map((el) => {
    const t = document.createElement("template");
    t.innerHTML = (el as unknown as { __wsHtml?: string }).__wsHtml ?? el.innerHTML;
    return t.innerHTML === el.innerHTML;
  }));
  // How many updates took each in-place path, per drawing: only the redrawn components
  // (parts), one text of the whole drawing (text), attributes of the whole drawing (shape).
  const paths = () => frames.evaluateAll((els) => els.map((el) => {
    const e = el as unknown as { __wsPartEdits?: number; __wsTextEdits?: number; __wsShapeEdits?: number };
    return { part: e.__wsPartEdits ?? 0, text: e.__wsTextEdits ?? 0, shape: e.__wsShapeEdits ?? 0 };
  }));
  type Paths = Awaited<ReturnType<typeof paths>>;
  const plus = (before: Paths, path: "part" | "text" | "shape") => before.map((n) => ({ ...n, [path]: n[path] + 1 }));
  expect(await matches()).toEqual([true, true]);
  let before = await paths();

  // A typed character in the title: the Title alone is drawn again, in each theme's drawing.
  await page.getByTestId("code-host").locator(".cm-content").click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.type("x");
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("Hellox");
  await expect(page.locator(".ws-frame .wgt-title").last()).toHaveText("Hellox");
  expect(await paths()).toEqual(plus(before, "part"));
  expect(await matches()).toEqual([true, true]);

  // A text holding a character reference: the Text alone.
  before = await paths();
  await pasteOver(page, "code-host", '<Card>\n  <Title value="Hellox" />\n  <Text value="one & two!" />\n  <Badge label="new" color="info" />\n</Card>\n');
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("one & two!");
  expect(await paths()).toEqual(plus(before, "part"));
  expect(await matches()).toEqual([true, true]);
  // An attribute: the Badge alone.
  before = await paths();
  await pasteOver(page, "code-host", '<Card>\n  <Title value="Hellox" />\n  <Text value="one & two!" />\n  <Badge label="new" color="danger" />\n</Card>\n');
  await expect(page.locator(".ws-frame .wgt-badge").first()).toHaveAttribute("data-color", "danger");
  expect(await paths()).toEqual(plus(before, "part"));
  expect(await matches()).toEqual([true, true]);
  // A new node changes the root's children: the whole drawing, the same result.
  await pasteOver(page, "code-host", '<Card>\n  <Title value="Hello" />\n  <Text value="one & two!" />\n  <Badge label="old" color="danger" />\n  <Icon name="star" color="warning" size="lg" />\n</Card>\n');
  await expect(page.locator(".ws-frame .wgt-badge").first()).toHaveText("old");
  expect(await matches()).toEqual([true, true]);
  // An icon's colour and size (attributes inside and on an <svg>) and two texts, at once:
  // three components drawn again, applied together.
  before = await paths();
  await pasteOver(page, "code-host", '<Card>\n  <Title value="Hi" />\n  <Text value="one & two!" />\n  <Badge label="older" color="danger" />\n  <Icon name="star" color="danger" size="xl" />\n</Card>\n');
  await expect(page.locator(".ws-frame .wgt-badge").first()).toHaveText("older");
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("Hi");
  expect(await paths()).toEqual(plus(before, "part"));
  expect(await matches()).toEqual([true, true]);
  // The root's own prop: the whole drawing is drawn, and only attributes differ, so only
  // the changed tags are parsed and applied in place.
  await pasteOver(page, "code-host", '<Card size="sm">\n  <Title value="Hi" />\n  <Label value="Name" fieldName="n" />\n  <Input name="n" />\n</Card>\n');
  await expect(page.locator(".ws-frame .wgt-label").first()).toHaveText("Name");
  before = await paths();
  await pasteOver(page, "code-host", '<Card size="lg">\n  <Title value="Hi" />\n  <Label value="Name" fieldName="n" />\n  <Input name="n" />\n</Card>\n');
  await expect.poll(paths).toEqual(plus(before, "shape"));
  expect(await matches()).toEqual([true, true]);
  // A label's text (labels and fields share element ids across the widget, so the whole
  // drawing): one text node changed, no parse.
  before = await paths();
  await pasteOver(page, "code-host", '<Card size="lg">\n  <Title value="Hi" />\n  <Label value="Your name" fieldName="n" />\n  <Input name="n" />\n</Card>\n');
  await expect(page.locator(".ws-frame .wgt-label").first()).toHaveText("Your name");
  expect(await paths()).toEqual(plus(before, "text"));
  expect(await matches()).toEqual([true, true]);
  await pasteOver(page, "code-host", '<Card>\n  <Title value="Hellox" />\n  <Text value="two" />\n  <Text value="one & two!" />\n</Card>\n');
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("two");
  await expect(page.locator(".ws-frame .wgt-badge")).toHaveCount(0);
  expect(await matches()).toEqual([true, true]);
});

test("the preview takes a custom width, with or without JavaScript", async ({ page }) => {
  await newCard(page);
  await page.getByTestId("custom-width").fill("612");
  await page.getByTestId("custom-width").press("Enter");
  await expect(page).toHaveURL(/\/edit\?width=612$/);
  await expect(page.locator(".ws-frame").first()).toHaveAttribute("style", /^width:612px;max-width:100%;?$/);
  await expect(page.getByTestId("custom-width")).toHaveValue("612");
});

test("the preview's theme, width and state change in place: typed work and its undo history stay", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "without JavaScript the controls are links to the saved design");
  await newCard(page);
  await editorReady(page);
  const code = page.getByTestId("code-host").locator(".cm-content");
  await code.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText("\n");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  let dialogs = 0;
  page.on("dialog", (d) => { dialogs += 1; void d.dismiss(); });
  await page.evaluate(() => { (window as unknown as { __same?: number }).__same = 1; });
  await page.getByRole("group", { name: "Preview width" }).getByRole("link", { name: "360" }).click();
  await expect(page.locator(".ws-frame").first()).toHaveAttribute("style", /^width:360px;max-width:100%;?$/);
  await page.getByRole("group", { name: "Preview theme" }).getByRole("link", { name: "Dark" }).click();
  await expect(page.locator('.ws-frame[data-theme="light"]')).toHaveCount(0);
  await expect(page.locator('.ws-frame[data-theme="dark"]')).toHaveCount(1);
  await expect(page).toHaveURL(/width=360/);
  await expect(page).toHaveURL(/theme=dark/);
  expect(dialogs).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __same?: number }).__same)).toBe(1);
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  // The undo history is the same one: undo takes the typed line back.
  await code.click();
  await page.keyboard.press("ControlOrMeta+Z");
  await expect(page.getByTestId("save-state")).not.toContainText("Unsaved");
});

test("the editor's JavaScript loads only on the editor page", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "about the JavaScript bundle");
  const scripts: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/js/editor.js")) scripts.push(r.url()); });
  for (const path of ["/", "/preview", "/designs"]) {
    await page.goto(path);
    await hydrated(page);
  }
  expect(scripts).toEqual([]);
  await newCard(page);
  await editorReady(page);
  expect(scripts.length).toBe(1);
});

test("the target in the header decides which rules the problems follow, and is saved", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "live rebuild needs JavaScript");
  await newCard(page);
  await editorReady(page);
  // ChatKit.js draws gap 1.5; the Python SDK's Row takes whole numbers only.
  await setCode(page, `<Card>\n  <Row gap={1.5}>\n    <Text value="x" />\n  </Row>\n</Card>\n`);
  await expect(page.getByTestId("target")).toHaveValue("chatkit-python");
  await expect(page.locator('[data-testid="problems"] li[data-severity="error"]')).toHaveCount(1);
  // A name typed first stays in its box when the target changes (and is saved with it).
  await page.getByTestId("details").locator("summary").click();
  await page.getByTestId("detail-name").fill("Renamed before the target");
  await page.getByTestId("target").selectOption("chatkit-js");
  await expect(page.getByTestId("detail-name")).toHaveValue("Renamed before the target");
  await expect(page.locator('[data-testid="problems"] li[data-severity="error"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="problems"] li[data-severity="warning"]').first()).toContainText("Python SDK");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  await page.reload();
  await editorReady(page);
  await expect(page.getByTestId("target")).toHaveValue("chatkit-js");
  await expect(page.getByTestId("design-name")).toHaveText("Renamed before the target");
});

test("? lists the shortcuts; a second tab on the same design is warned", async ({ page, context }, info) => {
  test.skip(!jsEnabled(info.project.name), "needs JavaScript");
  await newCard(page);
  await editorReady(page);
  await page.locator("h1").click();
  await page.keyboard.press("?");
  const help = page.getByTestId("shortcuts");
  await expect(help).toBeVisible();
  await expect(help).toContainText("Save a revision");
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
  // Typing ? in the code is text, not the overlay.
  await page.locator(".cm-content").click();
  await page.keyboard.press("?");
  await expect(help).toHaveCount(0);
  await expect(page.getByTestId("other-tab")).toHaveCount(0);
  const second = await context.newPage();
  await second.goto(page.url());
  await editorReady(second);
  await expect(second.getByTestId("other-tab")).toBeVisible();
  await expect(page.getByTestId("other-tab")).toBeVisible();
  await second.close();
});

test("completion offers the components a place may hold, the props, their values and the state's fields; hover explains", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the code editor needs JavaScript");
  await newCard(page);
  await editorReady(page);
  const options = page.locator(".cm-tooltip-autocomplete li[role=option]");
  await expect(page.locator('.cm-editor[data-spec="ready"]')).toHaveCount(1);
  const complete = async (text: string) => {
    await setCode(page, text);
    await page.keyboard.press("Control+Space");
    await expect(options.first()).toBeVisible();
    return (await options.allTextContents()).join(" | ");
  };
  // Inside a ListView only ListViewItem may go; inside a Card any node but ListViewItem.
  expect(await complete("<ListView>\n  <")).toContain("ListViewItem");
  expect(await complete("<ListView>\n  <")).not.toContain("Text");
  const inCard = await complete("<Card>\n  <");
  expect(inCard).toContain("Text");
  expect(inCard).not.toContain("ListViewItem");
  // Props of the component, then the values of an enum prop, icons for an icon prop.
  expect(await complete('<Card>\n  <Text ')).toContain("value");
  expect(await complete('<Card>\n  <Text size="')).toContain("xl");
  expect(await complete('<Card>\n  <Icon name="')).toContain("star");
  // The state's fields inside {…}.
  expect(await complete("<Card>\n  <Text value={ti")).toContain("title");
  await page.keyboard.press("Escape");
  // Hover over a prop shows its docs.
  await setCode(page, '<Card>\n  <Text value="x" size="sm" />\n</Card>\n');
  // Point at the word "size" in the code.
  const box = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.querySelector(".cm-content")!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent!.indexOf("size");
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i + 1);
        r.setEnd(n, i + 3);
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
    }
    return null;
  });
  expect(box).not.toBeNull();
  await page.mouse.move(box!.x, box!.y);
  await expect(page.locator(".ws-hover")).toContainText("Text.size");
});

test("the Data tab edits the states: add one and see it in the grid, bad JSON is located, rename and delete", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the Data tab needs JavaScript");
  await newCard(page);
  await editorReady(page);
  await page.getByTestId("tab-data").click();
  await expect(page.getByTestId("tab-data")).toHaveAttribute("aria-selected", "true");
  const data = page.getByTestId("data-host").locator(".cm-content");
  await expect(data).toContainText('"title": "A new card"');
  // A named state, edited, shows in the all-states grid.
  await page.getByTestId("state-add").click();
  await expect(page.getByTestId("state-select")).toHaveValue("state");
  await data.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"id": "x", "title": "Second state", "body": "b"}');
  await expect(page.locator('.ws-frame[data-state="state"] .wgt-title').first()).toHaveText("Second state");
  await expect(page.locator('.ws-frame[data-state="default"] .wgt-title').first()).toHaveText("A new card");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  // Text that is not JSON is located and changes nothing.
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"title": "x",\n  oops}');
  await expect(page.getByTestId("data-error")).toContainText("line 2, column 3");
  await expect(page.locator('.ws-frame[data-state="state"] .wgt-title').first()).toHaveText("Second state");
  // ...and is not dropped by a save (it was: "Saved", and the text gone after a reload): the
  // design stays unsaved and the save says why.
  await page.keyboard.press("Control+S");
  await expect(page.getByTestId("save-error")).toContainText("the Data tab does not read");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  await data.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"id": "x", "title": "Second state", "body": "b"}');
  await expect(page.getByTestId("data-error")).toHaveCount(0);
  // Format JSON: one member a line, one undo step.
  await page.getByTestId("data-format").click();
  await expect(data).toContainText('{  "id": "x",  "title": "Second state",  "body": "b"}');
  await expect(page.getByTestId("data-host").locator(".cm-line")).toHaveCount(5);
  await data.click();
  await page.keyboard.press("Control+Z");
  await expect(page.getByTestId("data-host").locator(".cm-line")).toHaveCount(1);
  await page.keyboard.press("Control+Shift+Z");
  await expect(page.getByTestId("data-host").locator(".cm-line")).toHaveCount(5);
  // With Caps Lock on, Ctrl+Shift+Z comes as a lowercase "z": still redo, never undo (it was
  // read as Ctrl+Z, and the same keys undid and redid in turn).
  const capsLockRedo = () =>
    data.evaluate((el) =>
      el.dispatchEvent(new KeyboardEvent("keydown", { key: "z", code: "KeyZ", keyCode: 90, ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true })),
    );
  await page.keyboard.press("Control+Z");
  await expect(page.getByTestId("data-host").locator(".cm-line")).toHaveCount(1);
  await capsLockRedo();
  await expect(page.getByTestId("data-host").locator(".cm-line")).toHaveCount(5);
  await capsLockRedo();
  await expect(page.getByTestId("data-host").locator(".cm-line")).toHaveCount(5);
  // Rename in the page (not the browser's prompt): a name in use is refused there, with the
  // field kept; Escape closes it and gives the focus back to Rename.
  await page.getByTestId("state-add").click();
  await page.getByTestId("state-select").selectOption("state");
  await page.getByTestId("state-rename").click();
  const newName = page.getByLabel('New name of "state"');
  await expect(newName).toBeFocused();
  await expect(newName).toHaveValue("state");
  await page.keyboard.type("Escape-me");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("state-rename-row")).toBeHidden();
  await expect(page.getByTestId("state-rename")).toBeFocused();
  await expect(page.getByTestId("state-select")).toHaveValue("state");
  await page.getByTestId("state-rename").click();
  await newName.fill("state 2");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("state-rename-error")).toHaveText('there is already a state called "state 2"');
  await expect(newName).toBeFocused();
  await expect(newName).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("state-select")).toHaveValue("state");
  // Enter renames; the data shown stays (it is the same state's).
  await newName.fill(" late ");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("state-select")).toHaveValue("late");
  await expect(page.getByTestId("state-rename-row")).toBeHidden();
  await expect(page.getByTestId("state-rename")).toBeFocused();
  await expect(data).toContainText('"title": "Second state"');
  // The field closes when another state is shown some other way (Add shows the new one), so
  // it never renames a state it was not opened for.
  await page.getByTestId("state-rename").click();
  await expect(page.getByTestId("state-rename-input")).toBeFocused();
  await expect(page.getByTestId("state-rename-input")).toHaveValue("late");
  await page.getByTestId("state-add").click();
  await expect(page.getByTestId("state-rename-row")).toBeHidden();
  await expect(page.getByTestId("state-select")).toHaveValue("state");
  for (const extra of ["state", "state 2"]) {
    await page.getByTestId("state-select").selectOption(extra);
    page.once("dialog", (d) => d.accept());
    await page.getByTestId("state-delete").click();
  }
  // Data that does not read yet follows its state's new name: a save refused for it says so.
  await page.getByTestId("state-select").selectOption("late");
  await data.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText(",");
  await expect(page.getByTestId("data-error")).toBeVisible();
  await page.keyboard.press("Control+S");
  await expect(page.getByTestId("save-error")).toContainText('state "late"');
  await page.getByTestId("state-rename").click();
  await page.getByTestId("state-rename-input").fill("later");
  await page.getByTestId("state-rename-ok").click();
  await expect(page.getByTestId("state-select")).toHaveValue("later");
  await expect(page.getByTestId("save-error")).toContainText('state "later"');
  await expect(page.getByTestId("data-error")).toBeVisible();
  await data.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Backspace");
  await expect(page.getByTestId("data-error")).toHaveCount(0);
  await page.getByTestId("state-rename").click();
  await page.getByTestId("state-rename-input").fill("late");
  await page.keyboard.press("Enter");
  await expect(page.locator('.ws-frame[data-state="late"]')).toHaveCount(2);
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  await page.reload();
  await editorReady(page);
  await expect(page.locator('.ws-frame[data-state="late"] .wgt-title').first()).toHaveText("Second state");
  // Delete asks first.
  await page.getByTestId("tab-data").click();
  await page.getByTestId("state-select").selectOption("late");
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("state-delete").click();
  await expect(page.locator('.ws-frame[data-state="late"]')).toHaveCount(0);
  await expect(page.getByTestId("state-select")).toHaveValue("default");
  // Delete is disabled now (the default state shows): the focus went to the state picker.
  await expect(page.getByTestId("state-select")).toBeFocused();
});

test("each state's data has its own undo; keeping text that does not read keeps the states as they were; a long state name fits a phone", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the Data tab needs JavaScript");
  await newCard(page);
  await editorReady(page);
  await page.getByTestId("tab-data").click();
  const data = page.getByTestId("data-host").locator(".cm-content");
  await page.getByTestId("state-add").click();
  await expect(page.getByTestId("state-select")).toHaveValue("state");
  // Said to a screen reader: what Add did and what the tab shows.
  await expect(page.getByTestId("state-said")).toHaveText('Added the state "state", a copy of the default state; the Data tab shows it.');
  // Ctrl+Z outside the code on this tab undoes the Add, and Ctrl+Shift+Z redoes it (the code
  // editors' undo does not reach the states).
  await page.getByTestId("state-add").focus();
  await page.keyboard.press("Control+Z");
  await expect(page.getByTestId("state-select").locator("option")).toHaveText(["default"]);
  await expect(page.getByTestId("state-said")).toHaveText('Undid adding the state "state"; the Data tab shows the state "default".');
  await page.keyboard.press("Control+Shift+Z");
  await expect(page.getByTestId("state-select")).toHaveValue("state");
  await expect(page.getByTestId("state-said")).toHaveText('Redid adding the state "state"; the Data tab shows the state "state".');
  // With nothing left to redo, the keys say what they act on (they did nothing, silently).
  await page.keyboard.press("Control+Shift+Z");
  await expect(page.getByTestId("visual-message")).toContainText("the Data tab's editor keeps its own");
  await data.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"id": "x", "title": "Only in state", "body": "b"}');
  await expect(page.locator('.ws-frame[data-state="state"] .wgt-title').first()).toHaveText("Only in state");
  // Another state shown: an undo there never brings the first state's data into it (it did,
  // and a save kept it).
  await page.getByTestId("state-select").selectOption("default");
  await data.click();
  await page.keyboard.press("Control+Z");
  await page.keyboard.press("Control+Z");
  await expect(data).toContainText('"title": "A new card"');
  await expect(data).not.toContainText("Only in state");
  await expect(page.locator('.ws-frame[data-state="default"] .wgt-title').first()).toHaveText("A new card");
  await expect(page.locator('.ws-frame[data-state="state"] .wgt-title').first()).toHaveText("Only in state");
  // Text that does not read, then Add: answering "keep it" adds nothing (it added the state
  // anyway).
  await page.getByTestId("state-select").selectOption("state");
  await data.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText(",");
  await expect(page.getByTestId("data-error")).toBeVisible();
  page.once("dialog", (d) => d.dismiss());
  await page.getByTestId("state-add").click();
  await expect(page.getByTestId("state-select").locator("option")).toHaveText(["default", "state"]);
  await expect(page.getByTestId("state-select")).toHaveValue("state");
  await expect(page.getByTestId("data-error")).toBeVisible();
  page.once("dialog", (d) => d.dismiss());
  await page.getByTestId("state-duplicate").click();
  await expect(page.getByTestId("state-select").locator("option")).toHaveCount(2);
  // An import that brings states asks too; keeping the text keeps the design as it was.
  await page.getByTestId("paste-import").locator("summary").click();
  await page.getByTestId("paste-text").fill(
    JSON.stringify({ name: "Imported", kind: "jsx", source: "<Card><Text value={title} /></Card>", default_state: { title: "From the import" } }),
  );
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    d.dismiss();
  });
  await page.getByTestId("paste-go").click();
  await expect.poll(() => asked).toContain("replaces the states. Discard it?");
  await expect(page.getByTestId("undo-import")).toBeHidden();
  await expect(page.getByTestId("state-select").locator("option")).toHaveText(["default", "state"]);
  await expect(page.getByTestId("data-error")).toBeVisible();
  await page.getByTestId("paste-import").locator("summary").click();
  await data.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Backspace");
  await expect(page.getByTestId("data-error")).toHaveCount(0);
  // A 64-character name on a phone: the picker fits, the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 800 });
  await page.getByTestId("state-rename").click();
  await page.getByTestId("state-rename-input").fill("W".repeat(64));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("state-select")).toHaveValue("W".repeat(64));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("the states' Add, Duplicate, Rename and Delete are undone and redone, with the data they held, in their place", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the Data tab needs JavaScript");
  await newCard(page);
  await editorReady(page);
  await page.getByTestId("tab-data").click();
  const data = page.getByTestId("data-host").locator(".cm-content");
  const options = page.getByTestId("state-select").locator("option");
  const undo = page.getByTestId("state-undo");
  const redo = page.getByTestId("state-redo");
  // Nothing to undo yet.
  await expect(undo).toBeDisabled();
  await expect(redo).toBeDisabled();
  await page.getByTestId("state-add").click();
  await page.getByTestId("state-add").click();
  await expect(options).toHaveText(["default", "state", "state 2"]);
  // The keys from Delete: it is disabled once the default state shows, and the focus goes to
  // Redo, then (Redo disabled in turn) to Undo, never to the page.
  await page.getByTestId("state-delete").focus();
  await page.keyboard.press("Control+Z");
  await expect(options).toHaveText(["default", "state"]);
  await expect(redo).toBeFocused();
  await page.keyboard.press("Control+Shift+Z");
  await expect(options).toHaveText(["default", "state", "state 2"]);
  await expect(undo).toBeFocused();
  // The first added state gets data of its own, then is deleted.
  await page.getByTestId("state-select").selectOption("state");
  await data.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"id": "x", "title": "Kept through undo", "body": "b"}');
  await expect(page.locator('.ws-frame[data-state="state"] .wgt-title').first()).toHaveText("Kept through undo");
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("state-delete").click();
  await expect(options).toHaveText(["default", "state 2"]);
  // Undo is named by what it undoes, and brings the state back in its place, with its data.
  await expect(undo).toHaveAttribute("aria-label", 'Undo deleting the state "state"');
  await undo.click();
  await expect(options).toHaveText(["default", "state", "state 2"]);
  await expect(page.getByTestId("state-select")).toHaveValue("state");
  await expect(data).toContainText("Kept through undo");
  await expect(page.locator('.ws-frame[data-state="state"] .wgt-title').first()).toHaveText("Kept through undo");
  await expect(redo).toHaveAttribute("aria-label", 'Redo deleting the state "state"');
  // A rename, undone and redone.
  await page.getByTestId("state-rename").click();
  await page.getByTestId("state-rename-input").fill("empty cart");
  await page.keyboard.press("Enter");
  await expect(options).toHaveText(["default", "empty cart", "state 2"]);
  // A new change forgets what could be redone.
  await expect(redo).toBeDisabled();
  await undo.click();
  await expect(options).toHaveText(["default", "state", "state 2"]);
  await expect(page.getByTestId("state-said")).toHaveText('Undid renaming the state "state" to "empty cart"; the Data tab shows the state "state".');
  await redo.click();
  await expect(options).toHaveText(["default", "empty cart", "state 2"]);
  // Redo is disabled now: the focus went to Undo, not to the page.
  await expect(redo).toBeDisabled();
  await expect(undo).toBeFocused();
  // Data text that does not read, then Undo: it asks first, and keeping the text changes
  // nothing.
  await data.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText(",");
  await expect(page.getByTestId("data-error")).toBeVisible();
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    d.dismiss();
  });
  await undo.click();
  await expect.poll(() => asked).toBe('The data typed for "empty cart" does not read as JSON yet, and to undo renaming the state "state" to "empty cart" would discard it. Discard it?');
  await expect(options).toHaveText(["default", "empty cart", "state 2"]);
  await expect(page.getByTestId("data-error")).toBeVisible();
  await data.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Backspace");
  await expect(page.getByTestId("data-error")).toHaveCount(0);
  // Undone changes are saved like any other, and the preview follows them.
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  await expect(page.getByTestId("state-note")).toHaveCount(0);
  await page.reload();
  await editorReady(page);
  await expect(page.locator('.ws-frame[data-state="empty cart"] .wgt-title').first()).toHaveText("Kept through undo");
  await expect(page.locator('.ws-frame[data-state="state 2"]')).toHaveCount(2);
  // A reloaded page starts without a history of the states' changes.
  await page.getByTestId("tab-data").click();
  await expect(page.getByTestId("state-undo")).toBeDisabled();
  // A name that only looks like another state's ("café" typed with a combining accent) is
  // refused as it is typed, by the browser's own Unicode tables (a save refused it later).
  await page.getByTestId("state-select").selectOption("empty cart");
  await page.getByTestId("state-rename").click();
  await page.getByTestId("state-rename-input").fill("caf\u00e9");
  await page.keyboard.press("Enter");
  await page.getByTestId("state-select").selectOption("state 2");
  await page.getByTestId("state-rename").click();
  await page.getByTestId("state-rename-input").fill("cafe\u0301");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("state-rename-error")).toHaveText('"cafe\u0301" looks the same as the state "caf\u00e9" (its accents are typed another way); each state has its own name');
  await expect(options).toHaveText(["default", "caf\u00e9", "state 2"]);
});

test("the name and description are shown as saved, without the spaces around them", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the editor's save needs JavaScript here");
  await newCard(page);
  await editorReady(page);
  await page.getByTestId("details").locator("summary").click();
  await page.getByTestId("detail-name").fill("  Invoice  ");
  await page.getByTestId("detail-description").fill(" Sent after checkout \n");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  await expect(page.getByTestId("detail-name")).toHaveValue("Invoice");
  await expect(page.getByTestId("detail-description")).toHaveValue("Sent after checkout");
  await expect(page.getByTestId("save-state")).not.toContainText("Unsaved");
});

test("export a .widget, import it back into another design, get the same design; a bad file changes nothing", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "import needs JavaScript");
  // A design with a named state, exported as a .widget.
  await newCard(page);
  await editorReady(page);
  await setCode(page, `<Card>\n  <Title value={title} />\n  <Text value="exported 👋" />\n</Card>\n`);
  await page.getByTestId("tab-data").click();
  await page.getByTestId("state-add").click();
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  const href = await page.getByTestId("export").locator('a[href*="format=widget"]').getAttribute("href");
  const widgetFile = await (await page.request.get(href!)).body();
  // A second design imports it.
  await newCard(page);
  await editorReady(page);
  // Bytes that are not text say what they are; text that is no design is located, and says
  // what an import takes.
  await page.getByTestId("import").setInputFiles({ name: "bad.widget", mimeType: "application/json", buffer: Buffer.from("\u0000\u0001 not a widget") });
  await expect(page.getByTestId("import-errors")).toContainText("bad.widget is binary data, not text: an import is a .widget file");
  await page.getByTestId("import").setInputFiles({ name: "logo.widget", mimeType: "application/json", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
  await expect(page.getByTestId("import-errors")).toContainText("logo.widget is a PNG image, not text");
  await page.getByTestId("import").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("shopping list: eggs") });
  await expect(page.getByTestId("import-errors")).toContainText("notes.txt 1:");
  await expect(page.getByTestId("import-errors")).toContainText("notes.txt: an import is a .widget file, widget JSON, a design document (JSON) or a JSX view");
  await expect(page.locator(".cm-content").first()).toContainText('<Title value={title} size="sm" />');
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("A new card");
  await page.getByTestId("import").setInputFiles({ name: "exported.widget", mimeType: "application/json", buffer: widgetFile });
  await expect(page.getByTestId("import-errors")).toHaveCount(0);
  await expect(page.locator(".cm-content").first()).toContainText('<Text value="exported 👋" />');
  await expect(page.locator('.ws-frame[data-state="state"]')).toHaveCount(2);
  await expect(page.getByTestId("design-name")).toHaveText("Untitled card");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  // Undo import puts back the whole design (the code editor's undo reaches only the view).
  await page.getByTestId("undo-import").click();
  await expect(page.locator(".cm-content").first()).toContainText('<Title value={title} size="sm" />');
  await expect(page.locator('.ws-frame[data-state="state"]')).toHaveCount(0);
  await expect(page.getByTestId("undo-import")).toBeHidden();
  await expect(page.getByTestId("save-state")).not.toContainText("Unsaved");
  await page.getByTestId("import").setInputFiles({ name: "exported.widget", mimeType: "application/json", buffer: widgetFile });
  await expect(page.locator('.ws-frame[data-state="state"]')).toHaveCount(2);
  // A .jsx file dropped on the editor replaces the view and keeps the states.
  const dt = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File(['<Card>\n  <Text value="dropped" />\n</Card>\n'], "dropped.jsx", { type: "text/plain" }));
    return d;
  });
  await page.dispatchEvent('[data-testid="editor"]', "drop", { dataTransfer: dt });
  await expect(page.locator(".cm-content").first()).toContainText('<Text value="dropped" />');
  await expect(page.locator('.ws-frame[data-state="state"] .wgt-text').first()).toHaveText("dropped");
});

test("the name, description and tags are edited in the page and saved with the next revision", async ({ page, request }, info) => {
  await newCard(page);
  const details = page.getByTestId("details");
  await details.locator("summary").click();
  if (jsEnabled(info.project.name)) {
    await editorReady(page);
    // An emptied name is not taken: the box says the design keeps its name.
    await page.getByTestId("detail-name").fill("");
    await expect(page.getByTestId("name-problem")).toContainText('A design needs a name: it keeps "Untitled card"');
    await expect(page.getByTestId("detail-name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("detail-name")).toHaveAttribute("aria-describedby", "ws-name-problem");
    // Ctrl+S then says the name is kept (not only "nothing to save").
    await page.keyboard.press("Control+S");
    await expect(page.getByTestId("save-state")).toContainText('the name box is empty: the design keeps the name "Untitled card"');
    // What a save would refuse is said at the box, at once: a right-to-left override (shown,
    // it reverses what follows), a tag over 50 characters.
    await page.getByTestId("detail-name").fill("invoice\u202Efdp.exe");
    await expect(page.getByTestId("name-problem")).toContainText("holds U+202E (a bidirectional control");
    await page.getByTestId("detail-tags").fill("ok, a\u202Eb");
    await expect(page.getByTestId("tags-problem")).toContainText("holds U+202E");
    // Ctrl+S says what the boxes did not take.
    await page.keyboard.press("Control+S");
    await expect(page.getByTestId("save-state")).toContainText("the name and the tags typed were not taken");
    await expect(page.getByTestId("detail-tags")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("detail-tags")).toHaveAttribute("aria-describedby", "ws-tags-problem");
    await page.getByTestId("detail-tags").fill("x".repeat(51));
    await expect(page.getByTestId("tags-problem")).toContainText("longer than 50 characters");
    // The boxes written again from the design (here by a change of target): their notes go.
    const target = await page.locator("#ws-target").inputValue();
    await page.locator("#ws-target").selectOption(target === "chatkit-js" ? "chatkit-python" : "chatkit-js");
    await expect(page.getByTestId("tags-problem")).toHaveCount(0);
    await expect(page.getByTestId("name-problem")).toHaveCount(0);
    await expect(page.getByTestId("detail-name")).toHaveValue("Untitled card");
    await page.locator("#ws-target").selectOption(target);
    await page.getByTestId("detail-tags").fill("");
    await expect(page.getByTestId("tags-problem")).toHaveCount(0);
  }
  await page.getByTestId("detail-name").fill("Order confirmation");
  await expect(page.getByTestId("name-problem")).toHaveCount(0);
  await page.getByTestId("detail-description").fill("Sent when an order is placed.");
  await page.getByTestId("detail-tags").fill(" shopping, card,, shopping ");
  if (jsEnabled(info.project.name)) {
    await expect(page.getByTestId("save-state")).toContainText("Unsaved");
    await page.keyboard.press("Control+S");
    await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
    // The box shows the tags as they were saved.
    await expect(page.getByTestId("detail-tags")).toHaveValue("shopping, card");
    await page.reload();
  } else {
    await page.getByTestId("save").click();
    await expect(page).toHaveURL(/\?saved=2$/);
  }
  await expect(page.getByTestId("design-name")).toHaveText("Order confirmation");
  const id = page.url().split("/designs/")[1].split("/")[0];
  const doc = (await (await request.get(`/api/designs/${id}`)).json()).document;
  expect(doc.description).toBe("Sent when an order is placed.");
  expect(doc.tags).toEqual(["shopping", "card"]);
  // The list finds it by its new tag.
  await page.goto("/designs?tag=shopping");
  await expect(page.getByTestId("design-row").locator(`a[href="/designs/${id}"]`)).toHaveText("Order confirmation");
});

test("paste a design to import it; copy a state's widget JSON, pretty or minified; the theme toggle themes the code", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "paste, copy and the code editor need JavaScript");
  await newCard(page);
  await editorReady(page);
  // Paste: nothing, then garbage (located errors, nothing replaced), then a JSX view.
  await page.getByTestId("paste-import").locator("summary").click();
  await page.getByTestId("paste-go").click();
  await expect(page.getByTestId("import-errors")).toContainText("Nothing was pasted");
  await page.getByTestId("paste-text").fill('{"type": "Card", "children": [');
  await page.getByTestId("paste-go").click();
  await expect(page.getByTestId("import-errors")).toContainText("the pasted text 1:");
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("A new card");
  await page.getByTestId("paste-text").fill('<Card>\n  <Text value="pasted 📋" />\n</Card>\n');
  await page.getByTestId("paste-go").click();
  await expect(page.getByTestId("import-errors")).toHaveCount(0);
  await expect(page.locator(".cm-content").first()).toContainText('<Text value="pasted 📋" />');
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("pasted 📋");
  await expect(page.getByTestId("paste-text")).toHaveValue("");

  // Copy the widget JSON of the state, as the preview draws it (unsaved).
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByTestId("copy-json-pretty").click();
  await expect(page.getByTestId("copy-json-said")).toContainText("Copied pretty JSON");
  const pretty = await page.evaluate(() => navigator.clipboard.readText());
  expect(pretty).toContain("\n");
  expect(JSON.parse(pretty)).toMatchObject({ type: "Card", children: [{ type: "Text", value: "pasted 📋" }] });
  await page.getByTestId("copy-json-minified").click();
  await expect(page.getByTestId("copy-json-said")).toContainText("Copied minified JSON");
  const minified = await page.evaluate(() => navigator.clipboard.readText());
  expect(minified).not.toContain("\n");
  expect(JSON.parse(minified)).toEqual(JSON.parse(pretty));

  // The studio's theme toggle also switches the code editor's theme, in place.
  const code = page.locator(".cm-editor").first();
  await expect(code).toHaveAttribute("data-theme", "light");
  const lightBg = await code.evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(code).toHaveAttribute("data-theme", "dark");
  expect(await code.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(lightBg);
  await page.getByTestId("theme-toggle").click();
  await expect(code).toHaveAttribute("data-theme", "light");
  expect(await code.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(lightBg);
});

test("the History panel lists the revisions: view one, see its changes, restore it", async ({ page, request }, info) => {
  await newCard(page);
  const id = page.url().split("/designs/")[1].split("/")[0];
  // Revision 2 changes the text (saved through the API, as another client would).
  const head = await (await request.get(`/api/designs/${id}`)).json();
  const doc = { ...head.document, source: '<Card>\n  <Text value="second" />\n</Card>\n' };
  const saved = await request.put(`/api/designs/${id}`, { data: { document: doc, base_revision: head.revision, message: "second try" } });
  expect(saved.status()).toBe(200);
  await page.reload();
  if (jsEnabled(info.project.name)) await hydrated(page);
  const history = page.getByTestId("history");
  await expect(history.locator("summary")).toHaveText("History (2 revisions)");
  await history.locator("summary").click();
  const rows = history.getByTestId("revision-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("second try");
  // View revision 1: its preview and its source, on the history page.
  await history.locator('[data-revision="1"]').getByTestId("view-revision").click();
  await expect(page).toHaveURL(new RegExp(`/designs/${id}\\?rev=1#revision$`));
  const shown = page.getByTestId("revision-shown");
  await expect(shown.getByRole("heading", { level: 2 })).toContainText("Revision 1");
  await expect(shown.getByTestId("revision-source")).toContainText('<Title value={title} size="sm" />');
  await expect(shown.locator(".ws-frame .wgt-title").first()).toHaveText("A new card");
  // Its changes (the diff between 1 and 2).
  await page.goBack();
  if (jsEnabled(info.project.name)) await hydrated(page);
  await page.getByTestId("history").locator("summary").click();
  await page.getByTestId("history").locator('[data-revision="2"]').getByRole("link", { name: "changes in 2" }).click();
  await expect(page.locator("#diff")).toContainText('<Text value="second" />');
  // Restore revision 1 from the editor: it becomes revision 3; nothing is lost.
  await page.goto(`/designs/${id}/edit`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await page.getByTestId("history").locator("summary").click();
  const js = jsEnabled(info.project.name);
  if (js) await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  const editorUrl = page.url();
  await page.getByTestId("history").locator('[data-revision="1"]').getByTestId("restore-revision").click();
  // With JavaScript (nothing unsaved) in place: the page stays, its undo history with it.
  if (js) expect(page.url()).toBe(editorUrl);
  else await expect(page).toHaveURL(new RegExp(`/designs/${id}/edit\\?restored=1&saved=3`));
  await expect(page.getByTestId("notice")).toContainText("Restored revision 1 as revision 3");
  // It has the focus, so a screen reader reads it after the page loads.
  await expect(page.getByTestId("notice")).toBeFocused();
  await expect(page.getByTestId("revision")).toHaveText("revision 3");
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("A new card");
  if (js) {
    expect(page.url()).toBe(editorUrl);
    await expect(page.getByTestId("save-state")).not.toContainText("Unsaved");
    // The History list is the server's again: revision 3, restorable 1 and 2.
    await expect(page.getByTestId("history").getByTestId("revision-row")).toHaveCount(3);
    await expect(page.getByTestId("history").locator("summary")).toHaveText("History (3 revisions)");
    // Undo in the code brings back what the page showed before the restore.
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+z");
    await expect(page.locator(".cm-content")).toContainText('<Text value="second" />');
    await expect(page.getByTestId("save-state")).toContainText("Unsaved");
    await page.keyboard.press("Control+Shift+Z");
    await expect(page.getByTestId("save-state")).not.toContainText("Unsaved");
  }
  const now = await (await request.get(`/api/designs/${id}`)).json();
  expect(now.revision).toBe(3);
  expect(now.document.source).toBe(head.document.source);
  const revs = await (await request.get(`/api/designs/${id}/revisions`)).json();
  expect(revs.items.map((r: { number: number }) => r.number)).toEqual([3, 2, 1]);
  // Restoring revision 1 again makes no revision: the latest already holds it, and the page
  // says so. (In place, the History section is still open.)
  if (!(await page.getByTestId("history").evaluate((d) => (d as HTMLDetailsElement).open))) {
    await page.getByTestId("history").locator("summary").click();
  }
  await page.getByTestId("history").locator('[data-revision="1"]').getByTestId("restore-revision").click();
  await expect(page.getByTestId("notice")).toContainText("Revision 1 holds what the latest revision (3) holds");
  await expect(page.getByTestId("notice")).toBeFocused();
  await expect(page.getByTestId("revision")).toHaveText("revision 3");
  if (js) expect(page.url()).toBe(editorUrl);
  const after = await (await request.get(`/api/designs/${id}/revisions`)).json();
  expect(after.items.map((r: { number: number }) => r.number)).toEqual([3, 2, 1]);
  // With JavaScript the address no longer says it (a reload after a save would be untrue).
  if (jsEnabled(info.project.name)) await expect(page).not.toHaveURL(/same=/);
  // An address alone cannot make it up: revision 2 differs from the latest.
  await page.goto(`/designs/${id}/edit?same=2`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await expect(page.getByTestId("revision")).toHaveText("revision 3");
  await expect(page.getByTestId("notice")).toHaveCount(0);
  await page.goto(`/designs/${id}?same=2`);
  await expect(page.getByTestId("notice")).toHaveCount(0);
  await page.goto(`/designs/${id}?same=1`);
  await expect(page.getByTestId("notice")).toContainText("Revision 1 holds what the latest revision (3) holds");
  if (js) {
    // With unsaved work, in place too: the work is kept as a draft and offered back, and
    // nothing asks to leave the page.
    await page.goto(editorUrl);
    await hydrated(page);
    await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
    await page.getByTestId("history").locator("summary").click();
    let asked = 0;
    page.on("dialog", (d) => { asked += 1; void d.dismiss(); });
    await page.locator(".cm-content").click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText('<Card>\n  <Text value="mine" />\n</Card>\n');
    await expect(page.getByTestId("save-state")).toContainText("Unsaved");
    await page.getByTestId("history").locator('[data-revision="2"]').getByTestId("restore-revision").click();
    await expect(page.getByTestId("notice")).toContainText("Restored revision 2 as revision 4. What you had not saved is kept as a draft");
    await expect(page.getByTestId("revision")).toHaveText("revision 4");
    await expect(page.locator(".cm-content")).toContainText('<Text value="second" />');
    await expect(page.getByTestId("save-state")).not.toContainText("Unsaved");
    expect(page.url()).toBe(editorUrl);
    await page.getByTestId("restore-draft").click();
    await expect(page.locator(".cm-content")).toContainText('<Text value="mine" />');
    await expect(page.getByTestId("save-state")).toContainText("Unsaved");
    expect(asked).toBe(0);
    const head = await (await request.get(`/api/designs/${id}`)).json();
    expect(head.revision).toBe(4);
    expect(head.document.source).toBe('<Card>\n  <Text value="second" />\n</Card>\n');
    await page.getByTestId("save").click();
    await expect(page.getByTestId("save-state")).toHaveText("Saved revision 5");
  }
});

test("the Schema tab infers a schema from the states, locates a bad one, and lists the states that do not fit", async ({ page, request }, info) => {
  test.skip(!jsEnabled(info.project.name), "the Schema tab needs JavaScript");
  await newCard(page);
  await editorReady(page);
  const id = page.url().split("/designs/")[1].split("/")[0];
  await page.getByTestId("tab-schema").click();
  const code = page.getByTestId("schema-host").locator(".cm-content");
  await expect(code).toBeVisible();
  // One click infers JSON Schema from every state.
  await page.getByTestId("schema-infer").click();
  await expect(page.getByTestId("schema-mode")).toHaveText("JSON Schema");
  await expect(code).toContainText('"$schema": "https://json-schema.org/draft/2020-12/schema"');
  await expect(page.getByTestId("schema-fits")).toBeVisible();
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  // Text that is not JSON: located, and the last schema stays in force.
  const replace = async (text: string) => {
    await code.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(text);
  };
  await replace('{\n  "type": "object",\n  oops\n}');
  await expect(page.getByTestId("schema-problems")).toContainText("3:3");
  await expect(page.getByTestId("schema-host").locator(".cm-lintRange-error")).toHaveCount(1);
  // A save does not drop it unsaid: it says why, and the design stays unsaved.
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-error")).toContainText("the Schema tab does not read");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  // Zod typed bare reads as zod, whatever the schema was.
  await replace("z.object({ title: z.string(), n: z.number() })");
  await expect(page.getByTestId("schema-problems")).toBeEmpty();
  await expect(page.getByTestId("schema-mode")).toContainText("zod");
  // A schema the default state does not fit: the state is named, with where and what.
  await replace('{"type": "object", "properties": {"title": {"type": "integer"}}}');
  await expect(page.getByTestId("schema-problems")).toBeEmpty();
  await expect(page.getByTestId("schema-misfit").first()).toContainText("state default");
  await expect(page.getByTestId("schema-misfit").first()).toContainText("title");
  // Saved with the design.
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  const saved = await (await request.get(`/api/designs/${id}`)).json();
  expect(saved.document.schema.mode).toBe("json");
  expect(saved.document.schema.json_schema.properties.title.type).toBe("integer");
});

test("an import replaces only what the file brings: the rules, the target and the asset base stay; the Schema tab shows the new schema", async ({ page, request }, info) => {
  test.skip(!jsEnabled(info.project.name), "import needs JavaScript");
  const rules = { rules: [{ on: "go", steps: [{ step: "set", field: "t", from: { literal: "went" } }] }] };
  const doc = {
    name: "Keeps its rules", kind: "jsx", source: "<Card><Text value={t} /></Card>\n",
    default_state: { t: "before" }, handlers: rules, target: "chatkit-js",
    export: { asset_base: "https://cdn.example.com/w/" },
    schema: { mode: "json", json_schema: { type: "object", properties: { t: { type: "string" } } } },
  };
  const { id } = await (await request.post("/api/designs", { data: { document: doc } })).json();
  await page.goto(`/designs/${id}/edit`);
  await editorReady(page);
  await page.getByTestId("tab-schema").click();
  const schema = page.getByTestId("schema-host").locator(".cm-content");
  await expect(schema).toContainText('"properties"');
  // A JSX view: the view alone.
  const dropped = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File(['<Card>\n  <Text value={t} size="lg" />\n</Card>\n'], "view.jsx", { type: "text/plain" }));
    return d;
  });
  await page.dispatchEvent('[data-testid="editor"]', "drop", { dataTransfer: dropped });
  await expect(page.getByTestId("code-host").locator(".cm-content")).toContainText('size="lg"');
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  await expect(page.getByTestId("target")).toHaveValue("chatkit-js");
  await expect(page.getByTestId("import-note")).toHaveText("Imported view.jsx: it replaced the view (the data, schema, rules and settings are kept). Undo import puts the design back.");
  // A design document with its own schema and target: the Schema tab and the picker show them.
  const other = {
    name: "Other", kind: "jsx", source: "<Card><Text value={n} /></Card>\n", default_state: { n: "doc" },
    schema: { mode: "zod", source: "z.object({ n: z.string() })", json_schema: { type: "object", properties: { n: { type: "string" } } } },
  };
  await page.getByTestId("import").setInputFiles({ name: "other.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(other)) });
  await expect(page.getByTestId("import-note")).toHaveText("Imported other.json: it replaced the design (its name, description and tags are kept). Undo import puts the design back.");
  await expect(schema).toContainText("z.object({ n: z.string() })");
  await expect(page.getByTestId("target")).toHaveValue("chatkit-python");
  // Undo import (in the View tab) puts back the design as the first import left it.
  await page.getByTestId("tab-view").click();
  await page.getByTestId("undo-import").click();
  await page.getByTestId("tab-schema").click();
  await expect(page.getByTestId("import-note")).toBeEmpty();
  await expect(schema).toContainText('"properties"');
  await expect(page.getByTestId("target")).toHaveValue("chatkit-js");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  const saved = (await (await request.get(`/api/designs/${id}`)).json()).document;
  expect(saved.source).toContain('size="lg"');
  expect(saved.handlers).toEqual(rules);
  expect(saved.target).toBe("chatkit-js");
  expect(saved.export.asset_base).toBe("https://cdn.example.com/w/");
  expect(saved.schema.json_schema.properties.t.type).toBe("string");
});

test("a .widget the studio exported brings the whole design: its target (a chatkit-js view stays free of errors), its rules and its asset base", async ({ page, request }, info) => {
  test.skip(!jsEnabled(info.project.name), "import needs JavaScript");
  const table = {
    name: "A table", kind: "jsx", target: "chatkit-js", default_state: {},
    handlers: { rules: [{ on: "go", steps: [{ step: "notice", level: "info", message: "went" }] }] },
    export: { asset_base: "https://cdn.example.com/t/" },
    source: "<Card>\n  <Table>\n    <Table.Row>\n      <Table.Cell><Text value=\"a\" /></Table.Cell>\n    </Table.Row>\n  </Table>\n</Card>\n",
  };
  const made = await (await request.post("/api/designs", { data: { document: table } })).json();
  const exported = await request.get(`/api/designs/${made.id}/export?format=widget`);
  expect(exported.status()).toBe(200);
  const file = await exported.body();
  // Another design, on the default target.
  await newCard(page);
  await editorReady(page);
  await expect(page.getByTestId("target")).toHaveValue("chatkit-python");
  await page.getByTestId("import").setInputFiles({ name: "a-table.widget", mimeType: "application/json", buffer: file });
  await expect(page.getByTestId("code-host").locator(".cm-content")).toContainText("<Table>");
  await expect(page.getByTestId("target")).toHaveValue("chatkit-js");
  await expect(page.getByTestId("import-note")).toHaveText("Imported a-table.widget: it replaced the view, its data, schema, rules, target and asset base. Undo import puts the design back.");
  await expect(page.locator('[data-testid="problems"] li[data-severity="error"]')).toHaveCount(0);
  // Undo import puts the design's own target back; the import again, saved, is the design.
  await page.getByTestId("undo-import").click();
  await expect(page.getByTestId("target")).toHaveValue("chatkit-python");
  await page.getByTestId("import").setInputFiles({ name: "a-table.widget", mimeType: "application/json", buffer: file });
  await expect(page.getByTestId("target")).toHaveValue("chatkit-js");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  const id = page.url().match(/designs\/([^/]+)\/edit/)![1];
  const saved = (await (await request.get(`/api/designs/${id}`)).json()).document;
  expect(saved.target).toBe("chatkit-js");
  expect(saved.handlers).toEqual(table.handlers);
  expect(saved.export).toEqual(table.export);
});

test("a draft made on an older revision is merged onto the later one: their edits stay, and the page says so", async ({ page, request }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft lives in the browser");
  await newCard(page);
  const id = page.url().match(/designs\/([^/]+)\/edit/)![1];
  await editorReady(page);
  const rec = await (await request.get(`/api/designs/${id}`)).json();
  expect(rec.document.source).toContain('size="sm"');
  // Mine, not saved: the Title's size. The page goes (the draft stays in the browser).
  await setCode(page, rec.document.source.replace('size="sm"', 'size="lg"'));
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  page.once("dialog", (d) => d.accept());
  await page.goto("about:blank");
  // Theirs, saved meanwhile: the Button's label.
  const theirs = rec.document.source.replace('label="Open"', 'label="Theirs"');
  const put = await request.put(`/api/designs/${id}`, { data: { document: { ...rec.document, source: theirs }, base_revision: rec.revision } });
  expect(put.status()).toBe(200);
  await page.goto(`/designs/${id}/edit`);
  await editorReady(page);
  await expect(page.getByTestId("draft-offer")).toContainText("based on revision 1");
  await page.getByTestId("restore-draft").click();
  await expect(page.getByTestId("merge-note")).toHaveText("Your draft was made on revision 1; revision 2 was saved since, and its changes are in your draft. Not saved yet.");
  const code = page.locator(".cm-content").first();
  await expect(code).toContainText('size="lg"');
  await expect(code).toContainText('label="Theirs"');
  // No conflict: the draft is on top of revision 2 now.
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 3");
  const saved = (await (await request.get(`/api/designs/${id}`)).json()).document.source;
  expect(saved).toContain('size="lg"');
  expect(saved).toContain('label="Theirs"');
});

test("a save whose answer is lost is not taken for someone else's: the next save goes on top of it", async ({ page, request, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the editor saves through JavaScript");
  await newCard(page);
  const id = page.url().match(/designs\/([^/]+)\/edit/)![1];
  await editorReady(page);
  const rec = await (await request.get(`/api/designs/${id}`)).json();
  const added = rec.document.source.replace("</Card>", '  <Text value="added" />\n</Card>');
  await setCode(page, added);
  // The save reaches the server, which writes revision 2; its answer never comes back.
  await page.route("**/api/ui/save**", async (route) => {
    await route.fetch();
    await route.abort("connectionreset");
  });
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-error")).toContainText("Not saved:");
  await page.unroute("**/api/ui/save**");
  expect((await (await request.get(`/api/designs/${id}`)).json()).revision).toBe(2);
  // The line is taken out again, and saved: no conflict dialog, and the line stays out.
  await setCode(page, rec.document.source);
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 3");
  await expect(page.getByTestId("conflict")).toHaveCount(0);
  const saved = await (await request.get(`/api/designs/${id}`)).json();
  expect(saved.document.source).not.toContain('value="added"');
  expect(saved.revision).toBe(3);
  const unexpected = consoleErrors.filter((e) => !e.includes("Failed to load resource") && !e.includes("409 (Conflict)"));
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});

test("data typed for a state that was renamed since the draft comes back in the note, to copy", async ({ page, request }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft lives in the browser");
  const doc = { name: "Renamed state", kind: "jsx", source: "<Card><Text value={t} /></Card>\n", default_state: { t: "a" }, states: [{ name: "late", data: { t: "late" } }] };
  const { id } = await (await request.post("/api/designs", { data: { document: doc } })).json();
  await page.goto(`/designs/${id}/edit`);
  await editorReady(page);
  await page.getByTestId("tab-data").click();
  await page.getByTestId("state-select").selectOption("late");
  await page.getByTestId("data-host").locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"t": "HALF-TYPED" oops');
  await expect(page.getByTestId("data-error")).toBeVisible();
  page.once("dialog", (d) => d.accept());
  await page.goto("about:blank");
  // A colleague renames the state meanwhile.
  const put = await request.put(`/api/designs/${id}`, { data: { document: { ...doc, states: [{ name: "later", data: { t: "late" } }] }, base_revision: 1 } });
  expect(put.status()).toBe(200);
  await page.goto(`/designs/${id}/edit`);
  await editorReady(page);
  await page.getByTestId("restore-draft").click();
  await expect(page.getByTestId("merge-note")).toContainText('The data typed for the state "late" did not read yet, and that state is no longer in the design (renamed or deleted since); the draft stays in this browser until you discard it, and here is the text, to copy: {"t": "HALF-TYPED" oops');
  // Kept until discarded: offered again after a reload.
  page.once("dialog", (d) => d.accept());
  await page.reload();
  await editorReady(page);
  await expect(page.getByTestId("draft-offer")).toBeVisible();
});

test("a full browser storage is said: the unsaved work is not kept as a draft", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft lives in the browser");
  await newCard(page);
  await editorReady(page);
  // Fill this origin's local storage (about 5 MB in Chromium) with another site's data.
  await page.evaluate(() => {
    // Halving chunks until not one more character fits.
    let i = 0;
    for (let size = 512 * 1024; size >= 1; ) {
      try { localStorage.setItem(`filler-${i}`, "x".repeat(size)); i++; } catch { size = Math.floor(size / 2); }
    }
    (window as unknown as { fillers: number }).fillers = i;
  });
  await setCode(page, `<Card><Text value="typed with no room for a draft" /></Card>\n`);
  await expect(page.getByTestId("draft-error")).toContainText("This browser's storage is full, so your unsaved work");
  // Room again: the next edit's draft is written, and the warning goes.
  await page.evaluate(() => { for (let i = 0; i < (window as unknown as { fillers: number }).fillers; i++) localStorage.removeItem(`filler-${i}`); });
  await page.keyboard.type(" ");
  await expect(page.getByTestId("draft-error")).toHaveCount(0);
});

test("a large view's last keystrokes are in the draft when the tab is closed at once", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the draft lives in the browser");
  await newCard(page);
  const id = page.url().match(/designs\/([^/]+)\/edit/)![1];
  await editorReady(page);
  // Over 32 KiB: built on the server after a pause in typing, and its draft written then.
  const rows = Array.from({ length: 700 }, (_, i) => `  <Text value="row ${i} padding padding padding" />`).join("\n");
  await setCode(page, `<Card>\n${rows}\n</Card>\n`);
  await page.keyboard.insertText("<Divider />");
  // Leaving at once (the tab closes: the page is told before it goes).
  const drafts = () => page.evaluate((id) => Object.keys(localStorage)
    .filter((k) => k.startsWith(`widget-studio:draft:${id}:`))
    .map((k) => JSON.parse(localStorage.getItem(k)!).source as string), id);
  await page.evaluate(() => window.dispatchEvent(new Event("beforeunload", { cancelable: true })));
  const kept = await drafts();
  expect(kept.length).toBe(1);
  expect(kept[0]).toContain("<Divider />");
});

test("data a save would change is warned at its place: a repeated key, a number with more digits than JSON keeps", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the Data tab needs JavaScript");
  await newCard(page);
  await editorReady(page);
  await page.getByTestId("tab-data").click();
  await page.getByTestId("data-host").locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{\n  "title": "A",\n  "title": "B",\n  "id": 12345678901234567890123,\n  "body": "x"\n}');
  const warnings = page.getByTestId("data-warnings").locator("li");
  await expect(warnings).toHaveCount(2);
  await expect(warnings.nth(0)).toContainText('line 3, column 3: duplicate key "title"');
  await expect(warnings.nth(1)).toContainText("line 4, column 9: 12345678901234567890123 has more digits than a JSON number keeps here; it is saved as 1.2345678901234568e+22");
  await expect(page.getByTestId("data-host").locator(".cm-lintRange-warning")).toHaveCount(2);
  // Said politely, and the list is the Data editor's description.
  await expect(page.getByTestId("data-warnings-said")).toHaveText("2 warnings in the data, listed under the editor");
  await expect(page.getByTestId("data-host").locator(".cm-content")).toHaveAttribute("aria-describedby", "ws-code-keys ws-data-warnings");
  // Still saved: warnings, not errors; the preview shows the last title.
  await expect(page.getByTestId("data-error")).toHaveCount(0);
  await expect(page.locator(".ws-frame .wgt-title").first()).toHaveText("B");
  // Fixed: the warnings go.
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"title": "B", "id": "12345678901234567890123", "body": "x"}');
  await expect(page.getByTestId("data-warnings")).toHaveCount(0);
  await expect(page.getByTestId("data-warnings-said")).toBeEmpty();
});

test("a long view scrolls inside the code editor: Save stays near; the Import row keeps its place; without JavaScript it is not shown", async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await newCard(page);
  if (!jsEnabled(info.project.name)) {
    // Nothing that needs JavaScript, not even as an empty space.
    await expect(page.getByTestId("import")).toBeHidden();
    await expect(page.getByRole("tablist", { name: "What to edit" })).toBeHidden();
    const row = await page.getByTestId("import").evaluate((e) => getComputedStyle(e.parentElement!).display);
    expect(row).toBe("none");
    return;
  }
  await editorReady(page);
  const rows = Array.from({ length: 150 }, (_, i) => `  <Text value="Line ${i}" />`).join("\n");
  await setCode(page, `<Card>\n${rows}\n</Card>\n`);
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("Line 0");
  // The editor is at most the window's height less 6rem: Save is within two screens' reach,
  // not 150 lines down.
  const host = (await page.getByTestId("code-host").boundingBox())!;
  expect(host.height).toBeLessThanOrEqual(800 - 96 + 4);
  const save = (await page.getByTestId("save").boundingBox())!;
  expect(save.y - host.y).toBeLessThan(800);
  // The editor scrolls itself.
  const scroll = await page.locator("[data-testid=code-host] .cm-scroller").evaluate((e) => e.scrollHeight > e.clientHeight);
  expect(scroll).toBe(true);
  // The Import row was in the layout before the code editor came: its script held back, the
  // page is read before it loads.
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  await page.route("**/js/editor.js*", async (route) => { await held; await route.continue(); });
  await page.reload();
  await hydrated(page);
  const early = await page.getByTestId("import").evaluate((e) => {
    const r = e.parentElement!;
    return { visibility: getComputedStyle(r).visibility, codeTop: document.querySelector("[data-testid=code-host]")!.getBoundingClientRect().top };
  });
  expect(early.visibility).toBe("hidden");
  release();
  await editorReady(page);
  await page.unroute("**/js/editor.js*");
  const late = await page.getByTestId("import").evaluate((e) => ({
    visibility: getComputedStyle(e.parentElement!).visibility,
    codeTop: document.querySelector("[data-testid=code-host]")!.getBoundingClientRect().top,
  }));
  expect(late.visibility).toBe("visible");
  expect(Math.abs(late.codeTop - early.codeTop)).toBeLessThan(2);
});

test("after a restore or a save in place, the Export section is the new revision's: its asset base and its state links", async ({ page, request }, info) => {
  test.skip(!jsEnabled(info.project.name), "in place needs JavaScript");
  const doc = (base: string, states: string[]) => ({
    name: "Export follows", kind: "jsx", source: '<Card>\n  <Text value="x" />\n</Card>\n', default_state: {},
    states: states.map((name) => ({ name, data: {} })), export: { asset_base: base },
  });
  const made = await request.post("/api/designs", { data: { document: doc("https://one.example/w/", ["first"]) } });
  expect(made.status()).toBe(201);
  const id = (await made.json()).id;
  const put = await request.put(`/api/designs/${id}`, { data: { document: doc("https://two.example/w/", ["second"]), base_revision: 1 } });
  expect(put.status()).toBe(200);
  await page.goto(`/designs/${id}/edit`);
  await editorReady(page);
  await page.getByTestId("export").locator("summary").click();
  await expect(page.getByTestId("export-asset-base")).toHaveValue("https://two.example/w/");
  await expect(page.getByTestId("export").getByRole("link", { name: /second/ })).toHaveCount(1);
  await page.getByTestId("history").locator("summary").click();
  await page.getByTestId("history").locator('[data-revision="1"]').getByTestId("restore-revision").click();
  await expect(page.getByTestId("notice")).toContainText("Restored revision 1 as revision 3");
  // The section stays open, with revision 1's base and state.
  await expect(page.getByTestId("export")).toHaveAttribute("open", "");
  await expect(page.getByTestId("export-asset-base")).toHaveValue("https://one.example/w/");
  await expect(page.getByTestId("export").getByRole("link", { name: /first/ })).toHaveCount(1);
  await expect(page.getByTestId("export").getByRole("link", { name: /second/ })).toHaveCount(0);
  // A save of a new base: the form follows it too.
  await page.getByTestId("details").locator("summary").click();
  await page.getByTestId("detail-asset-base").fill("https://three.example/w/");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 4");
  await expect(page.getByTestId("export-asset-base")).toHaveValue("https://three.example/w/");
});

test("a double click on restore makes one restore and says so", async ({ page, request }, info) => {
  test.skip(!jsEnabled(info.project.name), "in place needs JavaScript");
  await newCard(page);
  const id = page.url().split("/designs/")[1].split("/")[0];
  const head = await (await request.get(`/api/designs/${id}`)).json();
  const doc = { ...head.document, source: '<Card>\n  <Text value="second" />\n</Card>\n' };
  expect((await request.put(`/api/designs/${id}`, { data: { document: doc, base_revision: head.revision } })).status()).toBe(200);
  await page.reload();
  await editorReady(page);
  await page.getByTestId("history").locator("summary").click();
  const sent: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/api/ui/restore")) sent.push(r.url()); });
  await page.getByTestId("history").locator('[data-revision="1"]').getByTestId("restore-revision").dblclick();
  await expect(page.getByTestId("notice")).toContainText("Restored revision 1 as revision 3.");
  await expect(page.getByTestId("revision")).toHaveText("revision 3");
  await page.waitForTimeout(500);
  await expect(page.getByTestId("notice")).toContainText("Restored revision 1 as revision 3.");
  expect(sent.length).toBe(1);
  const revs = await (await request.get(`/api/designs/${id}/revisions`)).json();
  expect(revs.items.length).toBe(3);
});
