import { test, expect } from "./fixtures";

// The second studio of playwright.config.ts runs with WIDGET_STUDIO_TOKEN=e2e-studio-token.
const port = Number(process.env.E2E_PORT ?? 3100) + 1;
const studio = `http://127.0.0.1:${port}`;
const doc = { name: "Guarded", kind: "json", source: '{"type": "Card", "children": []}' };

test("with a token, the login page sets an HttpOnly cookie and writes need the CSRF header", async ({ page, context, consoleErrors }, info) => {
  // Before logging in, a write from the page is refused.
  await page.goto(`${studio}/login?next=/preview`);
  await expect(page.getByLabel("Studio token")).toBeVisible();
  await page.screenshot({ path: info.outputPath("login.png") });
  if (info.project.name === "js") await page.screenshot({ path: "docs/screenshots/login.png" });
  const before = await page.request.post(`${studio}/api/designs`, { data: { document: doc } });
  expect(before.status()).toBe(401);
  expect((await before.json()).error.message).toContain("/login");
  // The browser logs the refused fetch; that one is expected.
  const expected = /Failed to load resource: the server responded with a status of (401|403)/;

  // A wrong token comes back with an error.
  await page.getByLabel("Studio token").fill("wrong");
  await Promise.all([page.waitForURL(/\/login\?error=1/), page.getByRole("button", { name: "Use the studio token" }).click()]);
  await expect(page.getByRole("alert")).toHaveText("That token is not right.");

  // The right one lands on the page asked for, with the session cookie out of script's reach.
  await page.getByLabel("Studio token").fill("e2e-studio-token");
  await Promise.all([page.waitForURL(`${studio}/preview`), page.getByRole("button", { name: "Use the studio token" }).click()]);
  const cookies = await context.cookies(studio);
  const session = cookies.find((c) => c.name === "ws_session")!;
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe("Strict");
  expect(cookies.find((c) => c.name === "ws_csrf")?.httpOnly).toBe(false);

  if (info.project.name === "js") {
    const [withoutCsrf, withCsrf, hidden] = await page.evaluate(async (document) => {
      const post = (headers: Record<string, string>) =>
        fetch("/api/designs", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ document }) }).then((r) => r.status);
      const csrf = window.document.cookie.split("; ").find((c) => c.startsWith("ws_csrf="))!.split("=")[1];
      return [await post({}), await post({ "x-csrf-token": csrf }), window.document.cookie.includes("ws_session")];
    }, doc);
    expect(withoutCsrf).toBe(403);
    expect(withCsrf).toBe(201);
    expect(hidden).toBe(false);
  }
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !expected.test(e)));
});
