import { test, expect, jsEnabled, hydrated } from "./fixtures";
import type { BrowserContext, Page, TestInfo } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

// axe-core (pinned in package.json) on every page of the studio, in the light and the dark
// studio theme, with JavaScript (the hydrated app) and without (the server HTML): the two
// Playwright projects. Then every corpus design and every gallery design pasted into
// /preview, drawn in both widget themes. No rule is switched off; any violation fails, and
// the failure lists each rule with the elements it found (docs/accessibility.md).

const root = path.resolve(__dirname, "../..");
const AXE = require.resolve("axe-core");
const AXE_SOURCE = fs.readFileSync(AXE, "utf8");
const shared = process.env.WIDGET_STUDIO_SHARED ?? path.resolve(root, "../shared");

/** An element axe found, and the preview frame (state and widget theme) it is drawn in. */
type Node = { text: string; state?: string; theme?: string };
type Found = { id: string; impact: string; help: string; count: number; nodes: Node[] };

/** Runs axe on the page as it is; returns the violations, readable. */
async function axe(page: Page, info: TestInfo): Promise<Found[]> {
  if (jsEnabled(info.project.name)) {
    await page.addScriptTag({ path: AXE });
  } else {
    // Without JavaScript a script tag does not run, but Playwright's own evaluation does; the
    // page's timers never fire, though, so axe's waits become microtasks.
    await page.evaluate(() => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const w = window as any;
      w.setTimeout = (f: (...a: unknown[]) => void, _ms?: number, ...args: unknown[]) => {
        void Promise.resolve().then(() => f(...args));
        return 0;
      };
      w.clearTimeout = () => {};
      w.requestAnimationFrame = (f: (t: number) => void) => {
        void Promise.resolve().then(() => f(performance.now()));
        return 0;
      };
      w.requestIdleCallback = w.requestAnimationFrame;
    });
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const w = window as any;
    // Contrast is measured on what the user reads: a fade-in still running (the preview's
    // transitions take 0.2 s) would blend a colour with the page behind it.
    await Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
        .map((a) => a.finished.catch(() => undefined)),
    );
    const r = await w.axe.run(document, { resultTypes: ["violations"] });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      nodes: v.nodes.map((n: any) => {
        const el = document.querySelector(n.target[0]);
        const frame = el?.closest("figure.ws-frame") as HTMLElement | null;
        return {
          text: `${n.target.join(" ")} — ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`,
          state: frame?.dataset.state,
          theme: frame?.dataset.theme,
        };
      }),
    }));
  });
}

function report(found: Found[]): string {
  return found
    .map((v) => `${v.id} (${v.impact}, ${v.count}): ${v.help}\n` + v.nodes.slice(0, 8).map((n) => `    ${n.text}`).join("\n"))
    .join("\n");
}

/**
 * The colour contrast a design's own colours cause is the designer's, not the renderer's: the
 * lint reports it under the preview ("Accessibility · state S", `[a11y-contrast]`, "in dark").
 * Returns the violations left once every such node is matched by the lint's warning for its
 * state and widget theme, and how many were matched.
 */
async function unexplained(page: Page, found: Found[]): Promise<[Found[], number]> {
  const reported = new Set<string>();
  for (const section of await page.getByTestId("a11y").all()) {
    const title = (await section.locator("h2").innerText()).trim();
    const state = title.replace(/^Accessibility · state /, "");
    for (const item of await section.locator("li").allInnerTexts()) {
      if (!item.includes("[a11y-contrast]")) continue;
      for (const theme of ["light", "dark"]) {
        if (item.includes(` in ${theme} `)) reported.add(`${state}/${theme}`);
      }
    }
  }
  let matched = 0;
  const left: Found[] = [];
  for (const v of found) {
    const nodes =
      v.id === "color-contrast" ? v.nodes.filter((n) => !reported.has(`${n.state}/${n.theme}`)) : v.nodes;
    matched += v.nodes.length - nodes.length;
    if (nodes.length > 0) left.push({ ...v, count: nodes.length, nodes });
  }
  return [left, matched];
}

// A 1×1 PNG for the images of designs that live on other sites (this machine has no network).
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

async function offline(page: Page) {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.fulfill({ status: 200, contentType: "image/png", body: PIXEL }),
  );
}

/** The second studio of the config, which requires a token (its /login has the form). */
function authBase(): string {
  const base = new URL(test.info().project.use.baseURL!);
  base.port = String(Number(base.port) + 1);
  return base.origin;
}

async function setTheme(context: BrowserContext, theme: string) {
  const url = test.info().project.use.baseURL!;
  await context.addCookies([
    { name: "ws_theme", value: theme, url },
    { name: "ws_theme", value: theme, url: authBase() },
  ]);
}

/** Opens a page in a studio theme, waits for it to settle, and expects no axe violations. */
async function check(page: Page, info: TestInfo, url: string, ready?: (page: Page) => Promise<void>) {
  const resp = await page.goto(url);
  expect(resp?.status(), url).toBeLessThan(500);
  if (jsEnabled(info.project.name)) await hydrated(page);
  if (ready) await ready(page);
  const found = await axe(page, info);
  expect(found, `${url}\n${report(found)}`).toEqual([]);
}

/** A design saved through the REST API that uses a bit of everything, and a share link. */
async function seed(page: Page): Promise<{ id: string; share: string }> {
  const doc = {
    name: "Accessibility check",
    description: "Every kind of component a page can show.",
    tags: ["a11y"],
    kind: "jsx",
    source: `<Card>
  <Col gap={2}>
    <Title value={title} />
    <Row gap={2}>
      <Badge label="On time" color="success" />
      <Badge label="Gate B12" variant="outline" color="info" />
      <Badge label="Boarding" variant="solid" color="warning" />
    </Row>
    <Caption value={note} />
    <Image src="data:image/gif;base64,R0lGODlhAQABAIAAAMLCwgAAACH5BAAAAAAALAAAAAABAAEAAAICRAEAOw==" alt="A grey square" size={32} />
    <Label value="Seat" fieldName="seat" />
    <Select name="seat" options={[{label: "Window", value: "w"}, {label: "Aisle", value: "a"}]} />
    <Row gap={2}>
      <Button label="Rebook" color="primary" onClickAction={{ type: "rebook" }} />
      <Button label="Cancel" variant="outline" onClickAction={{ type: "cancel" }} />
      <Button label="Later" disabled />
    </Row>
  </Col>
</Card>`,
    default_state: { title: "SFO → JFK · UA 1542", note: "Departs 7:30 pm" },
    states: [{ name: "delayed", data: { title: "SFO → JFK · UA 1542", note: "Delayed 40 min" } }],
  };
  const created = await page.request.post("/api/designs", { data: { document: doc } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const share = await (await page.request.post(`/api/designs/${id}/shares`)).json();
  return { id, share: share.url };
}

for (const theme of ["light", "dark"]) {
  test.describe(`studio theme ${theme}`, () => {
    test.beforeEach(async ({ context }) => {
      await setTheme(context, theme);
    });

    test(`every page has no axe violations (${theme})`, async ({ page, consoleErrors }, info) => {
      test.setTimeout(240_000);
      const { id, share } = await seed(page);
      await check(page, info, "/");
      await check(page, info, "/components");
      for (const sample of ["flight", "sales", "inbox", "form"]) {
        await check(page, info, `/preview?sample=${sample}&theme=both`);
      }
      await check(page, info, "/designs");
      await check(page, info, `/designs/${id}`);
      await check(page, info, `${share}?theme=both`);
      await check(page, info, `/designs/${id}/edit`, async (p) => {
        if (jsEnabled(info.project.name)) {
          await expect(p.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
          await expect(p.locator(".cm-content")).toBeVisible();
          // With a component selected: the outline, the inspector's fields and the palette.
          await p.locator('.ws-frame[data-theme="light"] .wgt-badge').first().click();
          await expect(p.getByTestId("inspector-node")).toHaveAttribute("data-component", "Badge");
          await expect(p.getByTestId("outline").locator('[aria-selected="true"]')).toBeVisible();
        }
      });
      // With its panels open: the Actions panel (its problem lists) and the Schema tab.
      await check(page, info, `/designs/${id}/edit`, async (p) => {
        if (!jsEnabled(info.project.name)) return;
        await expect(p.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
        await p.getByTestId("actions-panel").locator("> summary").click();
        await expect(p.getByTestId("actions-rule-problems")).toBeAttached();
        await p.getByTestId("tab-schema").click();
        await expect(p.getByTestId("schema-problems")).toBeAttached();
      });
      // The Data tab with a state's rename field open and a refused name said beside it.
      await check(page, info, `/designs/${id}/edit`, async (p) => {
        if (!jsEnabled(info.project.name)) return;
        await expect(p.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
        await p.getByTestId("tab-data").click();
        await p.getByTestId("state-add").click();
        await p.getByTestId("state-rename").click();
        await expect(p.getByTestId("state-rename-input")).toBeFocused();
        await p.getByTestId("state-rename-input").fill("default");
        await p.keyboard.press("Enter");
        await expect(p.getByTestId("state-rename-error")).toContainText("the default state's name");
      });
      await check(page, info, "/new?kind=card");
      await check(page, info, "/gallery");
      await check(page, info, "/bench");
      await check(page, info, "/settings/users");
      await check(page, info, "/login");
      await check(page, info, `${authBase()}/login?error=1`);
      await check(page, info, "/no-such-page");
      // The browser logs the 404 of the page itself; nothing else may be logged.
      const notFound = consoleErrors.filter((e) => e.includes("status of 404"));
      expect(notFound.length).toBeLessThanOrEqual(1);
      consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes("status of 404")));
    });
  });
}

test("every corpus and gallery design in /preview has no axe violations", async ({ page, context }, info) => {
  test.setTimeout(600_000);
  // The designs are drawn in both widget themes, each frame on its own theme's surface, so the
  // studio theme only colours the page around them (captions, state links, the problems and
  // warnings listed under them), which the test above checks in both on the four samples. Each
  // project takes one here: the light studio theme without JavaScript, the dark one with it.
  await setTheme(context, jsEnabled(info.project.name) ? "dark" : "light");
  await offline(page);
  const files = [
    ...fs
      .readdirSync(path.join(shared, "corpus"))
      .filter((f) => f.endsWith(".widget"))
      .map((f) => path.join(shared, "corpus", f)),
    ...fs
      .readdirSync(path.join(root, "public/gallery"))
      .filter((f) => f.endsWith(".widget"))
      .map((f) => path.join(root, "public/gallery", f)),
  ];
  expect(files.length).toBeGreaterThanOrEqual(6);
  // Without JavaScript every design is checked; with it, every third (the browser draws
  // the same HTML with the same renderer, compiled to wasm: the sample checks that path,
  // and keeps the suite inside CI's time budget).
  const checked = jsEnabled(info.project.name) ? files.filter((_, i) => i % 3 === 0) : files;
  // Each design starts on a page that shows nothing: what the last one typed is kept as a
  // draft, which the same address would put back.
  await page.addInitScript(() => localStorage.removeItem("ws-preview-draft"));
  for (const file of checked) {
    const source = fs.readFileSync(file, "utf8");
    if (jsEnabled(info.project.name)) {
      // Pasted, as a user would, into a page that shows nothing yet: the page builds it in
      // the browser (template-only designs on the server).
      await page.goto("/preview?theme=both&source=");
      await hydrated(page);
      await expect(page.locator(".ws-frame")).toHaveCount(0);
      await page.getByTestId("source").fill(source);
    } else {
      // Without JavaScript the source is pasted and the form posted, as a user would.
      await page.goto("/preview?theme=both");
      await page.getByTestId("source").fill(source);
      await page.getByRole("button", { name: "Render" }).click();
      await expect(page.getByTestId("source")).toHaveValue(source);
    }
    await expect(page.locator(".ws-frame .wgt").first()).toBeVisible();
    const [left, matched] = await unexplained(page, await axe(page, info));
    // The gallery's designs are ours: not even their own colours may fall short.
    if (file.includes(`${path.sep}public${path.sep}gallery${path.sep}`)) expect(matched, path.basename(file)).toBe(0);
    if (matched > 0) console.log(`${path.basename(file)}: ${matched} low-contrast element(s) of the design's own colours, reported by the lint`);
    expect(left, `${path.basename(file)}\n${report(left)}`).toEqual([]);
  }
});

/** Waits for the code editor (CodeMirror, loaded by dynamic import) to replace the text box. */
async function editorReady(page: Page) {
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  await expect(page.locator(".cm-content")).toBeVisible();
}

test("the editor lists accessibility warnings beside the problems and applies a fix as an edit", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the code editor needs JavaScript");
  await offline(page);
  await page.goto("/");
  await page.getByTestId("new-card").click();
  await expect(page).toHaveURL(/\/designs\/[A-Za-z0-9_-]+\/edit$/);
  await editorReady(page);
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(
    '<Card>\n  <Image src="https://img.example/mug.png" />\n  <Input name="email" />\n  <Caption value="fine print" size="sm" />\n</Card>\n',
  );
  const a11y = page.getByTestId("a11y");
  await expect(a11y).toBeVisible();
  await expect(a11y.locator("li")).toHaveCount(3);
  await expect(a11y.locator('li[data-code="a11y-image-alt"]')).toContainText("2:4");
  // A screen reader hears the counts once the list settles (a polite status, not the list).
  const summary = page.getByTestId("problems-summary");
  await expect(summary).toHaveAttribute("role", "status");
  await expect(summary).toHaveText("3 accessibility warnings");
  // Warnings, not errors: the preview still draws.
  await expect(page.locator('[data-testid="problems"] li[data-severity="error"]')).toHaveCount(0);
  await expect(page.locator(".ws-frame img.wgt-image").first()).toBeVisible();
  // A click lands on the element.
  await a11y.locator('li[data-code="a11y-image-alt"]').getByTestId("a11y-problem").click();
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe("Image");
  // The fix is a text edit of the source: one undoable change, rebuilt like typing.
  await a11y.locator('li[data-code="a11y-image-alt"]').getByTestId("a11y-fix").click();
  await expect(page.locator(".cm-content")).toContainText('<Image alt="" src=');
  await expect(a11y.locator("li")).toHaveCount(2);
  await a11y.locator('li[data-code="a11y-unlabelled-field"]').getByTestId("a11y-fix").click();
  await expect(page.locator(".cm-content")).toContainText('<Label value="Email" fieldName="email" />');
  await a11y.locator('li[data-code="a11y-small-text"]').getByTestId("a11y-fix").click();
  await expect(page.locator(".cm-content")).toContainText('size="md"');
  await expect(a11y).toBeHidden();
  await expect(summary).toHaveText("No problems");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  // Undo takes the last fix back.
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+Z");
  await expect(a11y.locator('li[data-code="a11y-small-text"]')).toHaveCount(1);
});

test("a view imported with Windows line endings: its warnings land in the code, and their fixes apply", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the code editor needs JavaScript");
  await offline(page);
  await page.goto("/");
  await page.getByTestId("new-card").click();
  await expect(page).toHaveURL(/\/designs\/[A-Za-z0-9_-]+\/edit$/);
  await editorReady(page);
  // The code editor keeps its lines with \n: the document, the lists and the fixes follow it.
  // (A file: a text area would hand over its text with \n already.)
  const view = '<Card>\r\n  <Text value="crlf" />\r\n  <Image src="https://img.example/mug.png" />\r\n</Card>\r\n';
  await page.getByTestId("import").setInputFiles({ name: "crlf.jsx", mimeType: "text/plain", buffer: Buffer.from(view) });
  await expect(page.getByTestId("import-errors")).toHaveCount(0);
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("crlf");
  const a11y = page.getByTestId("a11y");
  await expect(a11y.locator('li[data-code="a11y-image-alt"]')).toContainText("3:4");
  await a11y.locator('li[data-code="a11y-image-alt"]').getByTestId("a11y-problem").click();
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe("Image");
  await a11y.locator('li[data-code="a11y-image-alt"]').getByTestId("a11y-fix").click();
  await expect(page.locator(".cm-content")).toContainText('<Image alt="" src=');
  await expect(a11y).toBeHidden();
});

// docs/accessibility.md shows /components in the dark studio theme as it now is (the Badge and
// Button sections, and ListView), beside the same clips from before this work (*-before.png).
test("screenshots of /components in the dark theme", async ({ page, context }, info) => {
  test.skip(!jsEnabled(info.project.name), "one run is enough");
  await setTheme(context, "dark");
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto("/components");
  await hydrated(page);
  const clip = async (from: string, to: string, file: string) => {
    const a = await page.getByTestId(from).boundingBox();
    const b = await page.getByTestId(to).getByTestId("example-dark").boundingBox();
    const y = a!.y - 12;
    await page.screenshot({
      path: `docs/screenshots/${file}`,
      fullPage: true,
      clip: { x: 0, y, width: 1100, height: b!.y + b!.height - y + 16 },
    });
  };
  await clip("component-Badge", "component-Button", "components-dark-badge-button.png");
  await clip("component-ListView", "component-ListView", "components-dark-listview.png");
});
