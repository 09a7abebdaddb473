import { test, expect, jsEnabled, hydrated } from "./fixtures";
import type { Page } from "@playwright/test";

// Visual editing beside the code: select in the preview, the outline and the code; the
// inspector and the palette; each edit a small text edit of the view, in one undo history.

const VIEW = `<Card size="md">
  <Title value="Weekly report" />
  <Text value="All systems normal" />
  <Row gap={2}>
    <Badge label="Ops" />
  </Row>
</Card>
`;

async function openWith(page: Page, view: string) {
  await page.goto("/");
  await page.getByTestId("new-card").click();
  await expect(page).toHaveURL(/\/designs\/[A-Za-z0-9_-]+\/edit$/);
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(view);
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-title')).toHaveText("Weekly report");
}

const code = (page: Page) => page.locator(".cm-content").evaluate((el) =>
  Array.from(el.querySelectorAll(".cm-line")).map((l) => l.textContent ?? ""));

/** The outline's row of the component `label` (its name, then what tells it apart). */
const outlineItem = (page: Page, label: string) =>
  page.getByTestId("outline").getByRole("treeitem", { name: new RegExp(`^${label}( |$)`) });

test.beforeEach(async ({}, info) => {
  test.skip(!jsEnabled(info.project.name), "visual editing needs JavaScript");
});

test("a click in the preview selects the component in the outline, the code and the inspector; a colour changes one line", async ({ page }, info) => {
  await openWith(page, VIEW);
  const text = page.locator('.ws-frame[data-theme="light"] .wgt-text').first();
  await text.click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Text");
  await expect(page.getByTestId("outline").locator('[aria-selected="true"]')).toHaveText("Text “All systems normal”");
  // The code selects the element's JSX.
  const selected = await page.evaluate(() => document.querySelector(".cm-selectionBackground") !== null);
  expect(selected).toBe(true);
  // The preview outlines every drawing of it (both themes).
  await expect.poll(() => page.getByTestId("selection-style").evaluate((e) => e.textContent)).toContain('[data-wgt-path="children[1]"]');
  await expect.poll(() => text.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
  await expect.poll(() => page.locator('.ws-frame[data-theme="dark"] .wgt-text').first().evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
  await expect.poll(() => page.locator('.ws-frame[data-theme="light"] .wgt-title').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("none");

  const before = await code(page);
  const colorBefore = await text.evaluate((el) => getComputedStyle(el).color);
  const color = page.getByTestId("prop-color");
  await color.fill("success");
  await color.press("Enter");
  await expect(page.getByTestId("visual-message")).toHaveText("Set color on Text.");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('color="success"');
  const after = await code(page);
  expect(after.length).toBe(before.length);
  const changed = after.filter((l, i) => l !== before[i]);
  expect(changed).toEqual(['  <Text value="All systems normal" color="success" />']);
  await expect.poll(() => text.evaluate((el) => getComputedStyle(el).color)).not.toBe(colorBefore);

  // Moving the cursor in the code selects the component under it.
  await page.locator(".cm-line", { hasText: "Badge" }).click({ position: { x: 60, y: 8 } });
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Badge");
  await expect(page.getByTestId("outline").locator('[aria-selected="true"]')).toHaveText("Badge “Ops”");
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.screenshot({ path: info.outputPath("visual.png"), fullPage: true });
  await page.screenshot({ path: "docs/screenshots/visual-editing.png", fullPage: true });
});

test("Alt+Down reorders in the outline; undo and redo cover the code edit and the visual edit alike", async ({ page }) => {
  await openWith(page, VIEW);
  // A code edit first.
  await page.locator(".cm-line", { hasText: "Weekly report" }).click();
  await page.keyboard.press("End");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.insertText("s");
  const typed = (await code(page)).join("\n");
  // Then a visual edit: the Title moves below the Text.
  await outlineItem(page, "Title").click();
  await page.keyboard.press("Alt+ArrowDown");
  await expect(page.getByTestId("visual-message")).toHaveText("Moved Title into Card, position 2.");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-card-body > *').first()).toHaveClass(/wgt-text/);
  const moved = (await code(page)).join("\n");
  expect(moved.indexOf("All systems normal")).toBeLessThan(moved.indexOf("Weekly report"));
  // The outline keeps the focus on the moved component, so the keys can go on.
  await expect(page.getByTestId("outline").locator('[aria-selected="true"]')).toBeFocused();
  await page.keyboard.press("Alt+ArrowUp");
  await expect.poll(async () => (await code(page)).join("\n")).toBe(typed);
  await page.keyboard.press("Alt+ArrowDown");
  await expect.poll(async () => (await code(page)).join("\n")).toBe(moved);
  // Undo in the code editor steps back through the three moves, then the typing; redo
  // steps forward again. Each move is one step.
  await page.locator(".cm-content").focus();
  const text = async () => (await code(page)).join("\n");
  for (const want of [typed, moved, typed, VIEW]) {
    await page.keyboard.press("Control+z");
    await expect.poll(text).toBe(want);
  }
  for (const want of [typed, moved, typed, moved]) {
    await page.keyboard.press("Control+Shift+Z");
    await expect.poll(text).toBe(want);
  }
  // A redone move selects the moved component (it selected its parent, where the component
  // had been), from the code and from the outline alike.
  const selected = page.getByTestId("outline").locator('[aria-selected="true"]');
  await expect(selected).toHaveText(/^Title/);
  await outlineItem(page, "Title").click();
  await page.waitForTimeout(300);
  await page.keyboard.press("Alt+ArrowUp");
  await expect.poll(text).toBe(typed);
  await page.keyboard.press("Control+z");
  await expect.poll(text).toBe(moved);
  await expect(selected).toHaveText(/^Title/);
  await expect(selected).toBeFocused();
  await page.keyboard.press("Control+Shift+Z");
  await expect.poll(text).toBe(typed);
  await expect(selected).toHaveText(/^Title/);
  await expect(selected).toBeFocused();
  // A refused move says why.
  await outlineItem(page, "Card").click();
  await page.keyboard.press("Alt+ArrowDown");
  await expect(page.getByTestId("visual-message")).toContainText("Card is the root");
});

test("Ctrl+Z in the outline and in the inspector undoes the visual edit in the code", async ({ page }) => {
  await openWith(page, VIEW);
  const text = async () => (await code(page)).join("\n");
  // The outline: a delete, undone and redone where the focus is.
  await outlineItem(page, "Text").click();
  await page.keyboard.press("Delete");
  await expect.poll(text).not.toContain("All systems normal");
  await expect(page.getByTestId("outline").locator(":focus")).toHaveCount(1);
  await page.keyboard.press("Control+z");
  await expect.poll(text).toBe(VIEW);
  await expect(page.getByTestId("visual-message")).toHaveText("Undone.");
  await page.getByTestId("outline").locator(":focus").press("Control+Shift+Z");
  await expect.poll(text).not.toContain("All systems normal");
  await page.getByTestId("outline").locator(":focus").press("Control+z");
  await expect.poll(text).toBe(VIEW);
  // The inspector: a committed value, then Ctrl+Z in the same field takes the code back,
  // and the field follows the code.
  await outlineItem(page, "Title").click();
  const field = page.getByTestId("prop-value");
  await field.fill("Oops");
  await field.press("Enter");
  await expect.poll(text).toContain('<Title value="Oops" />');
  await page.getByTestId("prop-value").press("Control+z");
  await expect.poll(text).toBe(VIEW);
  await expect(page.getByTestId("prop-value")).toHaveValue("Weekly report");
  // Typing not yet committed keeps the field's own undo.
  await page.getByTestId("prop-value").fill("Half typed");
  await page.getByTestId("prop-value").press("Control+z");
  await expect.poll(text).toBe(VIEW);
  // From the page itself (the focus fell to the body, as when a panel redraws): undo and redo
  // are the design's too.
  await outlineItem(page, "Text").click();
  await page.keyboard.press("Delete");
  await expect.poll(text).not.toContain("All systems normal");
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Control+z");
  await expect.poll(text).toBe(VIEW);
  await page.keyboard.press("Control+Shift+Z");
  await expect.poll(text).not.toContain("All systems normal");
  await page.keyboard.press("Control+z");
  await expect.poll(text).toBe(VIEW);
  await page.keyboard.press("Control+y");
  await expect.poll(text).not.toContain("All systems normal");
  // On the Data tab the page's Ctrl+Z is not the hidden view's.
  await page.getByTestId("tab-data").click();
  await page.keyboard.press("Control+z");
  await page.getByTestId("tab-view").click();
  const view = await page.getByTestId("code-host").locator(".cm-content").evaluate((el) => el.textContent ?? "");
  expect(view).not.toContain("All systems normal");
});

test("the outline tells assistive technology each row's level", async ({ page }) => {
  await openWith(page, VIEW);
  await expect(outlineItem(page, "Card")).toHaveAttribute("aria-level", "1");
  await expect(outlineItem(page, "Row")).toHaveAttribute("aria-level", "2");
  await expect(outlineItem(page, "Badge")).toHaveAttribute("aria-level", "3");
  await expect(page.getByTestId("outline").locator("[attr\\:aria-level]")).toHaveCount(0);
});

test("a click on a component inside a clickable list row selects that component", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("new-list").click();
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(`<ListView>
  <ListViewItem onClickAction={{ type: "open", payload: { id: 1 } }}>
    <Text value="Row text" />
    <Badge label="New" />
  </ListViewItem>
</ListView>
`);
  const row = page.locator('.ws-frame[data-theme="light"] .wgt-listviewitem').first();
  await expect(row.locator(".wgt-text")).toHaveText("Row text");
  await row.locator(".wgt-badge").click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Badge");
  await row.locator(".wgt-text").click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Text");
});

test("the conflict dialog takes the focus, keeps Tab inside, and gives it back", async ({ page, consoleErrors }) => {
  await openWith(page, VIEW);
  const id = page.url().match(/designs\/([^/]+)\/edit/)![1];
  const rec = await (await page.request.get(`/api/designs/${id}`)).json();
  const put = await page.request.put(`/api/designs/${id}`, {
    data: { document: { ...rec.document, name: "Saved elsewhere" }, base_revision: rec.revision },
  });
  expect(put.status()).toBe(200);
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+s");
  await expect(page.getByTestId("conflict")).toBeVisible();
  await expect(page.getByTestId("take-theirs")).toBeFocused();
  // Tab goes round the dialog's four choices and the diff (it scrolls by keyboard); the code
  // is untouched.
  const before = await code(page);
  for (const want of ["overwrite", "save-copy", "keep-editing", "conflict-diff", "take-theirs"]) {
    await page.keyboard.press("Tab");
    await expect(page.getByTestId(want)).toBeFocused();
  }
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByTestId("conflict-diff")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByTestId("keep-editing")).toBeFocused();
  expect(await code(page)).toEqual(before);
  // Escape closes it, and the code editor has the focus again.
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("conflict")).toHaveCount(0);
  await expect(page.locator(".cm-content")).toBeFocused();
  // The browser logs the expected 409 answer as a failed resource; nothing else may be logged.
  const unexpected = consoleErrors.filter((e) => !e.includes("409 (Conflict)"));
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});

test("the View, Data and Schema tabs are one Tab stop, chosen with the arrow keys", async ({ page }) => {
  await openWith(page, VIEW);
  const tab = (key: string) => page.getByTestId(`tab-${key}`);
  await expect(tab("view")).toHaveAttribute("tabindex", "0");
  await expect(tab("data")).toHaveAttribute("tabindex", "-1");
  await tab("view").focus();
  await page.keyboard.press("ArrowRight");
  await expect(tab("data")).toBeFocused();
  await expect(tab("data")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("data-host")).toBeVisible();
  await page.keyboard.press("End");
  await expect(tab("schema")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(tab("view")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(tab("schema")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Home");
  await expect(tab("view")).toHaveAttribute("aria-selected", "true");
});

test("build a small card from blank with the keyboard only: palette, inspector and outline", async ({ page }) => {
  await openWith(page, VIEW);
  await page.locator(".cm-content").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("<Card>\n</Card>\n");
  await expect(page.getByTestId("outline").getByRole("treeitem")).toHaveCount(1);
  // Select the Card from the outline with the keyboard.
  await page.getByTestId("outline").getByRole("treeitem").first().focus();
  await page.keyboard.press("Home");
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Card");
  // The palette: only what a Card may take is enabled (not another Card).
  await expect(page.getByTestId("palette-Card")).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByTestId("palette-ListViewItem")).toHaveAttribute("aria-disabled", "true");
  // The list is one tab stop; the arrow keys move through it.
  await page.getByTestId("palette-Text").focus();
  await expect(page.getByTestId("palette").locator('button[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByTestId("palette-Title")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByTestId("palette-Caption")).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(page.getByTestId("palette-Title")).toBeFocused();
  await expect(page.getByTestId("palette-Title")).toHaveAttribute("tabindex", "0");
  await page.keyboard.press("Home");
  await expect(page.getByTestId("palette-Card")).toBeFocused();
  await page.getByTestId("palette-Title").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("visual-message")).toHaveText("Inserted a Title into Card.");
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Title");
  // The inspector: a new value, then Enter.
  await page.getByTestId("prop-value").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("Order shipped");
  await page.keyboard.press("Enter");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-title')).toHaveText("Order shipped");
  // A Button after the Title (a Title holds no children), with its label set.
  await page.getByTestId("palette-Button").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Button");
  await page.getByTestId("prop-label").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("Track");
  await page.keyboard.press("Enter");
  await page.getByTestId("prop-style").focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-button')).toHaveText("Track");
  // The outline: the Button moves above the Title, then the Title is deleted.
  await page.getByTestId("outline").locator('[aria-selected="true"]').focus();
  await page.keyboard.press("Alt+ArrowUp");
  await expect.poll(async () => (await code(page)).join("\n")).toMatch(/<Button[^]*<Title/);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Title");
  await page.keyboard.press("Delete");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-title')).toHaveCount(0);
  // The deleted row had the focus; the tree keeps it, on the sibling the delete selected (the
  // one before, as the Title was last; not the page's body, nor the root).
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Button");
  await expect(page.locator('[data-testid="outline"] [role="treeitem"]:focus')).toHaveText("Button “Track”");
  await page.keyboard.press("ArrowUp");
  await expect(page.locator('[data-testid="outline"] [role="treeitem"]:focus')).toHaveText(/^Card/);
  const final = (await code(page)).join("\n");
  expect(final).toContain('label="Track"');
  expect(final).not.toContain("<Title");
  await expect(page.getByTestId("problem")).toHaveCount(0);
});

test("a component copied in the outline pastes into the code as JSX, and into the outline", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openWith(page, VIEW);
  await outlineItem(page, "Row").click();
  await page.keyboard.press("Control+c");
  await expect(page.getByTestId("visual-message")).toHaveText("Copied Row as JSX.");
  // Into the outline: after the Row.
  await page.keyboard.press("Control+v");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-badge')).toHaveCount(2);
  // Into the code, at the end of the Title's line.
  await page.locator(".cm-line", { hasText: "Weekly report" }).click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Control+v");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-badge')).toHaveCount(3);
  const lines = await code(page);
  expect(lines.filter((l) => l.includes('<Badge label="Ops" />')).length).toBe(3);
  // Duplicate and cut.
  await outlineItem(page, "Title").click();
  await page.keyboard.press("Control+d");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-title')).toHaveCount(2);
  await page.keyboard.press("Control+x");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-title')).toHaveCount(1);
  // The next sibling is selected (the Row pasted after the Title), not the Card: a second
  // cut goes on from there.
  await expect(page.getByTestId("outline").locator('[aria-selected="true"]')).toHaveText("Row");
  await page.keyboard.press("Control+x");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-badge')).toHaveCount(2);
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-title')).toHaveCount(1);
});

test("the outline names each row by what tells it apart, folds, pastes the system clipboard, and keeps its rows while the view does not parse", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openWith(page, VIEW);
  const items = page.getByTestId("outline").getByRole("treeitem");
  // Each row is named by its component and its label, value or alt, as written.
  await expect(items).toHaveText(["Card", "Title “Weekly report”", "Text “All systems normal”", "Row", "Badge “Ops”"]);
  await expect(outlineItem(page, "Badge")).toHaveAccessibleName("Badge “Ops”");
  // Type-ahead finds a row by that too.
  await outlineItem(page, "Card").click();
  await expect(outlineItem(page, "Card")).toBeFocused();
  await page.keyboard.type("all");
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Text");
  // Left folds an open row, Right opens it, then goes to its first child; Left on a leaf goes
  // to its parent.
  await outlineItem(page, "Row").click();
  await page.keyboard.press("ArrowLeft");
  await expect(outlineItem(page, "Row")).toHaveAttribute("aria-expanded", "false");
  await expect(items).toHaveCount(4);
  await page.keyboard.press("ArrowDown");
  await expect(outlineItem(page, "Row")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(outlineItem(page, "Row")).toHaveAttribute("aria-expanded", "true");
  await expect(items).toHaveCount(5);
  await page.keyboard.press("ArrowRight");
  await expect(outlineItem(page, "Badge")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(outlineItem(page, "Row")).toBeFocused();
  // Typing in the code keeps a row folded.
  await page.keyboard.press("ArrowLeft");
  await expect(items).toHaveCount(4);
  await page.locator(".cm-line", { hasText: "Weekly report" }).click();
  await page.keyboard.press("End");
  await page.keyboard.insertText(" ");
  await expect(outlineItem(page, "Row")).toHaveAttribute("aria-expanded", "false");
  // Its arrow folds a row by the mouse; a click in the preview opens what hides its component.
  await outlineItem(page, "Card").getByTestId("outline-fold").click();
  await expect(outlineItem(page, "Card")).toHaveAttribute("aria-expanded", "false");
  await expect(items).toHaveCount(1);
  await page.locator('.ws-frame[data-theme="light"] .wgt-badge').click();
  await expect(items).toHaveCount(5);
  await expect(page.getByTestId("outline").locator('[aria-selected="true"]')).toHaveText("Badge “Ops”");
  // A fold stays with its component when a sibling before it goes (it is not by position).
  await outlineItem(page, "Row").click();
  await page.keyboard.press("ArrowLeft");
  await outlineItem(page, "Text").click();
  await page.keyboard.press("Delete");
  await expect(outlineItem(page, "Text")).toHaveCount(0);
  await expect(outlineItem(page, "Row")).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Control+z");
  await expect(outlineItem(page, "Text")).toHaveCount(1);
  await expect(outlineItem(page, "Row")).toHaveAttribute("aria-expanded", "false");
  await outlineItem(page, "Row").click();
  await page.keyboard.press("ArrowRight");
  await expect(items).toHaveCount(5);
  // The same letter again goes on to the next row that starts with it (Title, then Text);
  // Space does not scroll the tree.
  await outlineItem(page, "Card").click();
  await expect(outlineItem(page, "Card")).toHaveAttribute("aria-selected", "true");
  await expect(outlineItem(page, "Card")).toBeFocused();
  // (The rows are drawn again for the new selection; a key pressed within those
  // milliseconds goes to the page.)
  await page.waitForTimeout(300);
  await page.keyboard.press("t");
  await expect(outlineItem(page, "Title")).toBeFocused();
  await page.keyboard.press("t");
  await expect(outlineItem(page, "Text")).toBeFocused();
  const scrolled = await page.getByTestId("outline").getByRole("tree").evaluate((t) => t.scrollTop);
  await page.keyboard.press(" ");
  await expect(outlineItem(page, "Text")).toBeFocused();
  expect(await page.getByTestId("outline").getByRole("tree").evaluate((t) => t.scrollTop)).toBe(scrolled);

  // Ctrl+V pastes what the system clipboard holds (copied in another program), not only a
  // component copied in the outline.
  await page.evaluate(() => navigator.clipboard.writeText('<Button label="From elsewhere" />'));
  await outlineItem(page, "Title").click();
  await page.keyboard.press("Control+v");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-button')).toHaveText("From elsewhere");
  await expect(page.getByTestId("visual-message")).toHaveText("Pasted a Button into Card.");
  expect((await code(page)).join("\n")).toMatch(/<Title[^\n]*\n\s*<Button label="From elsewhere" \/>/);
  await expect(outlineItem(page, "Button")).toHaveAttribute("aria-selected", "true");
  // Text that is not a component is said, and changes nothing.
  const before = await code(page);
  await page.evaluate(() => navigator.clipboard.writeText("just some words"));
  await page.keyboard.press("Control+v");
  await expect(page.getByTestId("visual-message")).toContainText("the clipboard holds “just some words”, not a component");
  expect(await code(page)).toEqual(before);
  // JSX as copied from a React `return (…);` is the element alone.
  await page.evaluate(() => navigator.clipboard.writeText('(\n  <Caption value="From a return" />\n);'));
  await outlineItem(page, "Title").click();
  await page.keyboard.press("Control+v");
  await expect(page.getByTestId("visual-message")).toHaveText("Pasted a Caption into Card.");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-caption')).toHaveText("From a return");
  await page.keyboard.press("Control+z");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-caption')).toHaveCount(0);

  // A view that does not parse keeps the last tree, greyed and read-only, and says so.
  await page.locator(".cm-content").focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("<Oops");
  await expect(page.getByTestId("outline-readonly")).toContainText("does not parse");
  await expect(page.getByTestId("outline-readonly")).toContainText("as it last parsed");
  await expect(items).toHaveCount(6);
  await expect(items.first()).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByTestId("outline").locator('[aria-selected="true"]')).toHaveCount(0);
  // Its rows are still read with the arrows.
  await items.first().focus();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("End");
  await expect(items.last()).toBeFocused();
  await page.locator(".cm-content").focus();
  await page.keyboard.press("Control+End");
  // Fixed, it is live again.
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await expect(page.getByTestId("outline-readonly")).toHaveCount(0);
  await expect(items.first()).not.toHaveAttribute("aria-disabled", /.*/);
});

test("a loop's rows and a false condition show in the outline; a broken view makes it read-only", async ({ page }) => {
  await openWith(page, VIEW);
  await page.locator(".cm-content").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(`<Card>
  {["a", "b", "c"].map((x) => <Text key={x} value={x} />)}
  {false && <Badge label="Hidden" />}
</Card>
`);
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-text')).toHaveCount(3);
  const items = page.getByTestId("outline").getByRole("treeitem");
  await expect(items).toHaveText(["Card", /↻ \["a", "b", "c"\]\.map\(…\)/, "Text {x} · ×3", "? if false", "Badge “Hidden” · not drawn in this state"]);
  await expect(items.nth(4)).toHaveAttribute("data-greyed", "true");
  // Rows with children say they are expanded; leaves say nothing.
  await expect(items.nth(0)).toHaveAttribute("aria-expanded", "true");
  await expect(items.nth(1)).toHaveAttribute("aria-expanded", "true");
  await expect(items.nth(2)).not.toHaveAttribute("aria-expanded", /.*/);
  await expect(items.nth(4)).not.toHaveAttribute("aria-expanded", /.*/);
  // A click on any row of the loop selects its one template element.
  await page.locator('.ws-frame[data-theme="light"] .wgt-text').nth(2).click();
  await expect(page.getByTestId("outline").locator('[aria-selected="true"]')).toHaveText("Text {x} · ×3");
  // Elements inside an expression cannot be moved; the refusal says so.
  await page.keyboard.press("Alt+ArrowDown");
  await items.nth(2).focus();
  // The status line's texts as they are written (a live region is read when its text changes).
  await page.getByTestId("visual-message").evaluate((el) => {
    const w = window as unknown as { said: string[] };
    w.said = [];
    new MutationObserver(() => { if (el.textContent) w.said.push(el.textContent); })
      .observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.keyboard.press("Alt+ArrowDown");
  await expect(page.getByTestId("visual-message")).toContainText("inside an expression");
  // The same refusal again is written again (emptied first), so a screen reader says it twice.
  await page.keyboard.press("Alt+ArrowDown");
  await expect.poll(() => page.evaluate(() => (window as unknown as { said: string[] }).said.filter((t) => t.includes("inside an expression")).length)).toBe(2);
  await expect(page.getByTestId("visual-message")).toContainText("inside an expression");
  // The loop's line, focused, is what is selected: the focus and the selection agree, the
  // inspector holds no component, and Delete says it acts on components only.
  await page.keyboard.press("ArrowUp");
  await expect(items.nth(1)).toBeFocused();
  await expect(items.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("outline").locator('[aria-selected="true"]')).toHaveCount(1);
  await expect(page.getByTestId("inspector-empty")).toBeVisible();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("visual-message")).toContainText("Only a component can be deleted here");
  // A click on the line does the same; a click on a component selects it again.
  await items.nth(2).click();
  await expect(items.nth(2)).toHaveAttribute("aria-selected", "true");
  // A paste on it says why nothing goes there: the expression, not only that a Text holds
  // no children.
  const unpasted = await code(page);
  await page.evaluate(() => navigator.clipboard.writeText('<Caption value="Pasted" />'));
  await page.waitForTimeout(300);
  await page.keyboard.press("Control+v");
  await expect(page.getByTestId("visual-message")).toContainText("this Text is part of an expression (a .map or a condition)");
  await expect(page.getByTestId("visual-message")).toContainText("a Text holds no children");
  expect(await code(page)).toEqual(unpasted);
  await items.nth(3).click();
  await expect(items.nth(3)).toHaveAttribute("aria-selected", "true");
  await expect(items.nth(2)).toHaveAttribute("aria-selected", "false");
  await expect(page.getByTestId("inspector-empty")).toBeVisible();
  // A view that does not parse: read-only, and why.
  await page.locator(".cm-content").focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("<Oops");
  await expect(page.getByTestId("outline-readonly")).toContainText("does not parse");
  await expect(page.getByTestId("inspector-readonly")).toContainText("does not parse");
  // Where, as the problem list says it (it said a byte offset).
  await expect(page.getByTestId("outline-readonly")).toContainText(/the view does not parse at \d+:\d+ \(/);
  await expect(page.getByTestId("outline-readonly")).not.toContainText("byte");
});

test("drag in the outline moves a component to legal places only, announced; a palette drag inserts one", async ({ page }) => {
  await openWith(page, VIEW);
  const message = page.getByTestId("visual-message");
  // The Title dropped into the middle of the Row: inside it, after its Badge.
  await outlineItem(page, "Title").dragTo(outlineItem(page, "Row"));
  await expect(message).toHaveText("Moved Title into Row, position 2.");
  await expect.poll(async () => (await code(page)).join("\n")).toMatch(/<Row gap=\{2\}>\s*<Badge label="Ops" \/>\s*<Title value="Weekly report" \/>\s*<\/Row>/);
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-row .wgt-title')).toHaveText("Weekly report");
  // The focus and the selection stay on what moved.
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Title");
  // Onto a Badge's middle: a Badge holds nothing, so there is no drop and nothing changes.
  const before = (await code(page)).join("\n");
  await outlineItem(page, "Text").dragTo(outlineItem(page, "Badge"));
  expect((await code(page)).join("\n")).toBe(before);
  // Onto the top edge of the Text: before it.
  const text = outlineItem(page, "Text");
  const box = await text.boundingBox();
  await outlineItem(page, "Row").dragTo(text, { targetPosition: { x: 20, y: 1 } });
  await expect.poll(async () => (await code(page)).join("\n")).toMatch(/<Card size="md">\s*<Row/);
  // A Button from the palette dropped into the Row.
  await page.getByTestId("palette-Button").dragTo(outlineItem(page, "Row"));
  await expect(message).toHaveText("Inserted a Button into Row.");
  await expect(page.locator('.ws-frame[data-theme="light"] .wgt-row .wgt-button')).toHaveCount(1);
  expect(box).not.toBeNull();
});

test("the inspector edits an action field by field, a light/dark colour pair, and shows an expression as code", async ({ page }) => {
  await openWith(page, VIEW.replace('<Badge label="Ops" />', '<Badge label="Ops" />\n    <Button label={title} onClickAction={{ type: "open" }} />'));
  await page.locator('.ws-frame[data-theme="light"] .wgt-button').click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Button");
  // A prop bound to an expression shows it, as code.
  await expect(page.getByTestId("prop-label")).toHaveValue("{title}");
  // The action: its type, who handles it, how loading shows.
  await expect(page.getByTestId("prop-onClickAction-type")).toHaveValue("open");
  await page.getByTestId("prop-onClickAction-handler").selectOption("client");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('onClickAction={{ type: "open", handler: "client" }}');
  await page.getByTestId("prop-onClickAction-payload").fill("{ id: 7 }");
  await page.getByTestId("prop-onClickAction-payload").press("Enter");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('onClickAction={{ type: "open", handler: "client", payload: { id: 7 } }}');
  // A field's code that does not read is said in its own words, with where in them; the code
  // does not change.
  const written = (await code(page)).join("\n");
  await page.getByTestId("prop-onClickAction-payload").fill("{ id: 7, price: 3");
  await page.getByTestId("prop-onClickAction-payload").press("Enter");
  await expect(page.getByTestId("prop-refused")).toContainText("payload: “{ id: 7, price: 3” does not read at its column 18");
  expect((await code(page)).join("\n")).toBe(written);
  await page.getByTestId("prop-onClickAction-payload").fill("{ id: 7 }");
  await page.getByTestId("prop-onClickAction-payload").press("Enter");
  await page.getByTestId("prop-onClickAction-type").fill("");
  await page.getByTestId("prop-onClickAction-type").press("Enter");
  // The action needs its type: the validator says so beside the field.
  await expect(page.getByTestId("prop-problem").first()).toContainText("type");
  // Undo brings the type back (one step per inspector change).
  await page.locator(".cm-content").focus();
  await page.keyboard.press("Control+z");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('onClickAction={{ type: "open", handler: "client", payload: { id: 7 } }}');

  // A colour: a token, then a light/dark pair, then one colour again.
  await page.locator('.ws-frame[data-theme="light"] .wgt-text').click();
  await page.getByTestId("prop-color").fill("secondary");
  await page.getByTestId("prop-color").press("Enter");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('color="secondary"');
  await page.getByTestId("pair-on-color").click();
  await expect.poll(async () => (await code(page)).join("\n")).toContain('color={{ light: "secondary", dark: "secondary" }}');
  // The field became two: the dark one, the one to change, has the focus (not the page).
  await expect(page.getByTestId("prop-color-dark")).toBeFocused();
  await page.getByTestId("prop-color-dark").fill("warning");
  await page.getByTestId("prop-color-dark").press("Enter");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('color={{ light: "secondary", dark: "warning" }}');
  const light = await page.locator('.ws-frame[data-theme="light"] .wgt-text').evaluate((el) => getComputedStyle(el).color);
  const dark = await page.locator('.ws-frame[data-theme="dark"] .wgt-text').evaluate((el) => getComputedStyle(el).color);
  expect(light).not.toBe(dark);
  await page.getByTestId("pair-off-color").click();
  await expect.poll(async () => (await code(page)).join("\n")).toContain('color="secondary"');
  await expect(page.getByTestId("pair-on-color")).toBeFocused();
  // A colour not set starts both themes from the component's default (a Title's `emphasis`,
  // what it shows now), not from `primary`.
  await page.locator('.ws-frame[data-theme="light"] .wgt-title').click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Title");
  await page.getByTestId("pair-on-color").click();
  await expect.poll(async () => (await code(page)).join("\n")).toContain('<Title value="Weekly report" color={{ light: "emphasis", dark: "emphasis" }} />');
});

test("a prop the validator refuses is marked invalid, with the problem tied to its field", async ({ page }) => {
  await openWith(page, VIEW);
  await page.locator('.ws-frame[data-theme="light"] .wgt-text').first().click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Text");
  const field = page.getByTestId("prop-maxLines");
  await field.fill("abc");
  await field.press("Enter");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('maxLines="abc"');
  const problem = page.locator("#ws-prop-maxLines-problem");
  await expect(problem).toBeVisible();
  await expect(page.getByTestId("prop-maxLines")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("prop-maxLines")).toHaveAttribute("aria-describedby", /ws-prop-maxLines-problem/);
  await page.getByTestId("prop-maxLines").fill("2");
  await page.getByTestId("prop-maxLines").press("Enter");
  await expect.poll(async () => (await code(page)).join("\n")).toContain("maxLines={2}");
  await expect(problem).toHaveCount(0);
  await expect(page.getByTestId("prop-maxLines")).not.toHaveAttribute("aria-invalid", "true");
});

test("an expression the inspector refuses marks its field invalid and says why, until one goes through", async ({ page }) => {
  await openWith(page, VIEW);
  await page.locator('.ws-frame[data-theme="light"] .wgt-text').first().click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Text");
  const before = (await code(page)).join("\n");
  await page.getByTestId("bind-weight").click();
  const field = page.getByTestId("prop-weight");
  await field.fill('{1 > ? "bold" : "normal"}');
  await field.press("Enter");
  // Refused: the code is as it was, the field keeps the typing, is marked and names its problem.
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const why = page.getByTestId("prop-refused");
  await expect(why).toContainText("is not an expression");
  await expect(field).toHaveAttribute("aria-describedby", await why.getAttribute("id") as string);
  await expect(field).toHaveValue('{1 > ? "bold" : "normal"}');
  expect((await code(page)).join("\n")).toBe(before);
  // Shown with a ring, not only in text.
  expect(await field.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe("none");
  await page.getByTestId("inspector").screenshot({ path: "docs/screenshots/inspector-refused.png" });
  // Corrected: it goes through and the mark is gone.
  await field.fill('{1 > 2 ? "bold" : "normal"}');
  await field.press("Enter");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('weight={1 > 2 ? "bold" : "normal"}');
  await expect(page.getByTestId("prop-weight")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("prop-refused")).toHaveCount(0);
  // Refused again, then the code is edited instead: the mark and the refused typing both go.
  await page.getByTestId("prop-weight").fill('{1 > ? "x" : "y"}');
  await page.getByTestId("prop-weight").press("Enter");
  await expect(page.getByTestId("prop-weight")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("prop-refused")).toContainText('“1 > ? "x" : "y"” is not an expression');
  await page.locator(".cm-content").focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.type(" ");
  await expect(page.getByTestId("prop-refused")).toHaveCount(0);
  await expect(page.getByTestId("prop-weight")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("prop-weight")).toHaveValue('{1 > 2 ? "bold" : "normal"}');
});

test("a choice and a switch in the inspector bind to an expression and back to a value", async ({ page }) => {
  await openWith(page, VIEW);
  await page.locator('.ws-frame[data-theme="light"] .wgt-text').first().click();
  await expect(page.getByTestId("inspector-node")).toHaveAttribute("data-component", "Text");
  // A choice: bound to an expression, it starts from the value as code.
  await page.getByTestId("prop-weight").selectOption("semibold");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('<Text value="All systems normal" weight="semibold" />');
  const bind = page.getByTestId("bind-weight");
  await expect(bind).toHaveAttribute("aria-pressed", "false");
  await bind.click();
  await expect(bind).toHaveAttribute("aria-pressed", "true");
  const field = page.getByTestId("prop-weight");
  await expect(field).toHaveValue('{"semibold"}');
  await expect(field).toBeFocused();
  await field.fill('{1 > 2 ? "bold" : "normal"}');
  await field.press("Enter");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('<Text value="All systems normal" weight={1 > 2 ? "bold" : "normal"} />');
  // Drawn again from the code, the field is the expression's, and it keeps the focus.
  await expect(page.getByTestId("prop-weight")).toHaveValue('{1 > 2 ? "bold" : "normal"}');
  await expect(page.getByTestId("prop-weight")).toBeFocused();
  // Back to a value: the select, and picking one replaces the expression (one undo step).
  await page.getByTestId("bind-weight").click();
  await page.getByTestId("prop-weight").selectOption("medium");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('<Text value="All systems normal" weight="medium" />');
  await page.locator(".cm-content").focus();
  await page.keyboard.press("Control+z");
  await expect.poll(async () => (await code(page)).join("\n")).toContain('weight={1 > 2 ? "bold" : "normal"}');

  // A switch, and Escape leaves the code field without a change.
  await page.locator('.ws-frame[data-theme="light"] .wgt-text').first().click();
  const before = (await code(page)).join("\n");
  await page.getByTestId("bind-truncate").click();
  await expect(page.getByTestId("prop-truncate")).toHaveAttribute("data-bound", "true");
  await page.getByTestId("prop-truncate").press("Escape");
  // Back to the switch, which keeps the keyboard's focus.
  await expect(page.getByRole("switch", { name: "truncate" })).toBeFocused();
  expect((await code(page)).join("\n")).toBe(before);
  // A switch toggled with Space keeps the focus through its redraw.
  await page.getByRole("switch", { name: "truncate" }).press("Space");
  await expect.poll(async () => (await code(page)).join("\n")).toContain("truncate");
  await expect(page.getByRole("switch", { name: "truncate" })).toBeFocused();
  await page.getByRole("switch", { name: "truncate" }).press("Space");
  await expect.poll(async () => (await code(page)).join("\n")).not.toContain("truncate");
  await page.getByTestId("bind-truncate").click();
  await page.getByTestId("prop-truncate").fill("{2 > 1}");
  await page.getByTestId("prop-truncate").press("Enter");
  await expect.poll(async () => (await code(page)).join("\n")).toContain("truncate={2 > 1}");
});

test("after a save conflict is settled from the inspector, the focus is not lost to the page", async ({ page, browser, consoleErrors }) => {
  await openWith(page, VIEW);
  await page.keyboard.press("Control+s");
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  // Someone else saves meanwhile.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto(page.url());
  await expect(page2.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  await page2.locator(".cm-content").click();
  await page2.keyboard.press("Control+A");
  await page2.keyboard.insertText(VIEW.replace("Weekly report", "Their report"));
  await page2.keyboard.press("Control+s");
  await expect(page2.getByTestId("save-state")).toHaveText("Saved revision 3");
  await other.close();
  // Here: an inspector edit, saved from its field.
  await outlineItem(page, "Text").click();
  const field = page.getByTestId("prop-value");
  await field.fill("Mine");
  await field.press("Enter");
  await field.press("Control+s");
  await expect(page.getByTestId("conflict")).toBeVisible();
  await expect(page.getByTestId("take-theirs")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("conflict")).toHaveCount(0);
  // Their text came in, so the field's component is no longer selected: the focus goes to the
  // page's main region (a keyboard user goes on from there), not to the body.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName)).toBe("ws-main");
  // The browser logs the expected 409 answer as a failed resource; nothing else may be logged.
  const unexpected = consoleErrors.filter((e) => !e.includes("409 (Conflict)"));
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});

test("the outline scrolls to the component selected in the preview, and counts the drawing of the state the preview shows", async ({ page }) => {
  const rows = Array.from({ length: 40 }, (_, i) => `    <Text value="row ${i}" />`).join("\n");
  await openWith(page, `<Card>\n  <Title value="Weekly report" />\n  <Col>\n${rows}\n  </Col>\n  {body === "x" && <Badge label="Shown" />}\n</Card>\n`);
  await page.locator('.ws-frame[data-theme="light"] .wgt-text').filter({ hasText: "row 37" }).click();
  const tree = page.getByTestId("outline").getByRole("tree");
  const selected = page.getByTestId("outline").locator('[aria-selected="true"]');
  await expect(selected).toHaveText("Text “row 37”");
  await expect.poll(async () => {
    const [t, s] = [await tree.boundingBox(), await selected.boundingBox()];
    return s!.y >= t!.y && s!.y + s!.height <= t!.y + t!.height;
  }).toBe(true);
  // A state where the Badge is drawn: while the preview shows it alone, its row is not greyed.
  await page.getByTestId("tab-data").click();
  await page.getByTestId("state-add").click();
  await page.getByTestId("data-host").locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"id": "x", "title": "t", "body": "x"}');
  await page.getByTestId("tab-view").click();
  const badge = page.getByTestId("outline").getByRole("treeitem", { name: /^Badge/ });
  await page.getByRole("group", { name: "State" }).getByRole("link", { name: "default" }).click();
  await expect(badge).toContainText("not drawn in this state");
  await page.getByRole("group", { name: "State" }).getByRole("link", { name: "state", exact: true }).click();
  await expect(badge).not.toContainText("not drawn in this state");
  // "Copy widget JSON of" follows the state the preview shows too.
  await expect(page.getByTestId("copy-json-state")).toHaveValue("state");
  await page.getByRole("group", { name: "State" }).getByRole("link", { name: "default" }).click();
  await expect(page.getByTestId("copy-json-state")).toHaveValue("default");
});

test("Wrap and Unwrap say beforehand when the selected component cannot take them, and work where it can", async ({ page }) => {
  await openWith(page, VIEW);
  const text = async () => (await code(page)).join("\n");
  // The root cannot be wrapped; a Badge (no children) cannot be unwrapped.
  await outlineItem(page, "Card").click();
  await expect(page.getByTestId("wrap-Row")).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByTestId("wrap-Row")).toHaveAttribute("title", /root/);
  await outlineItem(page, "Badge").click();
  await expect(page.getByTestId("unwrap")).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByTestId("unwrap")).toHaveAttribute("title", /child/);
  await expect(page.getByTestId("wrap-Col")).not.toHaveAttribute("aria-disabled", "true");
  // A refused press still says why, where the edits are said (aria-disabled: still focusable
  // and pressable; Playwright's click would wait for it to be enabled).
  await page.getByTestId("unwrap").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("visual-message")).toContainText("child");
  // Wrapped in a Col, then the Col unwrapped: the view as it was.
  await page.getByTestId("wrap-Col").click();
  await expect.poll(text).toContain("<Col>");
  await outlineItem(page, "Col").click();
  await expect(page.getByTestId("unwrap")).not.toHaveAttribute("aria-disabled", "true");
  await page.getByTestId("unwrap").click();
  await expect.poll(text).toBe(VIEW);
});
