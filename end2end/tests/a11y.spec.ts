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

type Found = { id: string; impact: string; help: string; nodes: string[] };

/** Runs axe on the page as it is; returns the violations, readable. */
async function axe(page: Page, info: TestInfo): Promise<Found[]> {
  if (jsEnabled(info.project.name)) {
    await page.addScriptTag({ path: AXE });
  } else {
    // A script tag does not run in a page without JavaScript; Playwright's own evaluation does.
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const w = window as any;
    const r = await w.axe.run(document, { resultTypes: ["violations"] });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      nodes: v.nodes.slice(0, 8).map((n: any) => `${n.target.join(" ")} — ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`),
    }));
  });
}

function report(found: Found[]): string {
  return found
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help}\n` + v.nodes.map((n) => `    ${n}`).join("\n"))
    .join("\n");
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

    test(`every page has no axe violations (${theme})`, async ({ page }, info) => {
      test.setTimeout(120_000);
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
        }
      });
      await check(page, info, "/new?kind=card");
      await check(page, info, "/gallery");
      await check(page, info, "/bench");
      await check(page, info, "/login");
      await check(page, info, `${authBase()}/login?error=1`);
      await check(page, info, "/no-such-page");
    });

    test(`every corpus and gallery design in /preview has no axe violations (${theme})`, async ({ page }, info) => {
      test.setTimeout(300_000);
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
      for (const file of files) {
        const source = fs.readFileSync(file, "utf8");
        if (jsEnabled(info.project.name)) {
          // Pasted, as a user would, into a page that shows nothing yet: the page builds it in
          // the browser (template-only designs on the server).
          await page.goto(`/preview?theme=both&source=${encodeURIComponent("{}")}`);
          await hydrated(page);
          await expect(page.locator(".ws-frame")).toHaveCount(0);
          await page.getByTestId("source").fill(source);
        } else {
          // Without JavaScript the form sends the source in the address.
          const url = `/preview?theme=both&source=${encodeURIComponent(source)}`;
          const resp = await page.goto(url);
          expect(resp?.status(), file).toBe(200);
        }
        await expect(page.locator(".ws-frame .wgt").first()).toBeVisible();
        const found = await axe(page, info);
        expect(found, `${path.basename(file)}\n${report(found)}`).toEqual([]);
      }
    });
  });
}
